import type { SearchAttributePair } from '@temporalio/common';

/** A Keyword search attribute's key, from the SDK's public types. */
export type KeywordAttribute = Extract<SearchAttributePair, { key: { type: 'KEYWORD' } }>['key'];

/**
 * The typed search attributes operators filter on in the Temporal UI. Registered on the server
 * as Keyword (scripts/stack.sh). Plain objects (what `defineSearchAttributeKey` returns) so that
 * workflow code, which imports only `@temporalio/workflow` and types, can use them too.
 */
export const BOOKING_ID: KeywordAttribute = { name: 'BookingId', type: 'KEYWORD' };
export const CUSTOMER_ID: KeywordAttribute = { name: 'CustomerId', type: 'KEYWORD' };
export const BOOKING_STATUS: KeywordAttribute = { name: 'BookingStatus', type: 'KEYWORD' };
