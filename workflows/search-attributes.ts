import type * as keys from '../lib/temporal/search-attributes';

/**
 * The search attribute keys workflow code sets, restated here because workflow code imports only
 * types from below: each is typed by its definition in lib/temporal/search-attributes.ts, so a
 * name that differs from the one there does not compile.
 */
export const BOOKING_STATUS: typeof keys.BOOKING_STATUS = { name: 'BookingStatus', type: 'KEYWORD' };
