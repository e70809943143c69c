import type { SearchAttributePair } from '@temporalio/common';

/** A Keyword search attribute's key, from the SDK's public types. */
export type KeywordAttribute = Extract<SearchAttributePair, { key: { type: 'KEYWORD' } }>['key'];

/**
 * The typed search attributes operators filter on in the Temporal UI. Registered on the server
 * as Keyword (scripts/stack.sh). Plain objects (what `defineSearchAttributeKey` returns), typed
 * with their literal names: workflow code, which imports only types from below, restates the ones
 * it sets in workflows/search-attributes.ts, and the compiler holds the two equal.
 */
export const BOOKING_ID = { name: 'BookingId', type: 'KEYWORD' } as const satisfies KeywordAttribute;
export const CUSTOMER_ID = { name: 'CustomerId', type: 'KEYWORD' } as const satisfies KeywordAttribute;
export const BOOKING_STATUS = { name: 'BookingStatus', type: 'KEYWORD' } as const satisfies KeywordAttribute;
