import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

/**
 * The typed search attributes operators filter on in the Temporal UI. Registered on the server
 * as Keyword (scripts/stack.sh). Plain objects (what `defineSearchAttributeKey` returns) so that
 * workflow code, which imports only `@temporalio/workflow`, can use them too.
 */
export const BOOKING_ID: SearchAttributeKey<'KEYWORD'> = { name: 'BookingId', type: 'KEYWORD' };
export const CUSTOMER_ID: SearchAttributeKey<'KEYWORD'> = { name: 'CustomerId', type: 'KEYWORD' };
export const BOOKING_STATUS: SearchAttributeKey<'KEYWORD'> = { name: 'BookingStatus', type: 'KEYWORD' };
