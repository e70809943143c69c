import { normalizeAddress } from './address';
import type { AddressSet } from './address-set';

export const UNKNOWN_ADDRESS = 'unknown';

/**
 * SEC-VAL-09: the client is the socket peer, unless that peer is a trusted proxy. Then
 * X-Forwarded-For is read from the right (each proxy appends the address it saw) and the first
 * address that is not itself a trusted proxy is the client. Entries left of it were written by
 * the client and are ignored. An unparseable entry stops the walk at the last trusted hop.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: AddressSet,
): string {
  const peerAddress = normalizeAddress(peer ?? '') ?? UNKNOWN_ADDRESS;
  if (!forwardedFor || !trusted.has(peerAddress)) return peerAddress;
  let nearestTrusted = peerAddress;
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i] ?? '');
    if (hop === undefined) return nearestTrusted;
    if (!trusted.has(hop)) return hop;
    nearestTrusted = hop;
  }
  return nearestTrusted;
}
