import { BlockList, isIP, isIPv4 } from 'node:net';
import { normalizeAddress } from './address';

export interface AddressSet {
  has(address: string): boolean;
}

const IPV4_MAPPED_PREFIX_BITS = 96;

function addEntry(list: BlockList, entry: string): void {
  const [base = '', prefix, ...rest] = entry.trim().split('/');
  const address = normalizeAddress(base);
  if (!address || rest.length > 0) throw new Error(`not an IP address or CIDR range: ${entry}`);
  const family = isIPv4(address) ? 'ipv4' : 'ipv6';
  if (prefix === undefined) {
    list.addAddress(address, family);
    return;
  }
  // `::ffff:10.0.0.0/104` was normalised to IPv4: its prefix counts the 96 mapping bits too.
  const mapped = family === 'ipv4' && isIP(base.trim()) === 6;
  const bits = Number(prefix) - (mapped ? IPV4_MAPPED_PREFIX_BITS : 0);
  if (!/^\d{1,3}$/.test(prefix) || bits < 0 || bits > (family === 'ipv4' ? 32 : 128)) {
    throw new Error(`not an IP address or CIDR range: ${entry}`);
  }
  list.addSubnet(address, bits, family);
}

/**
 * Exact addresses and CIDR ranges, IPv4 and IPv6; IPv4 and IPv4-mapped IPv6 forms of an address
 * are one address. A malformed entry throws, so a typo in TRUSTED_PROXIES stops the process instead
 * of silently trusting nobody (or everybody).
 */
export function addressSet(entries: readonly string[]): AddressSet {
  const list = new BlockList();
  for (const entry of entries) addEntry(list, entry);
  return {
    has(text) {
      const address = normalizeAddress(text);
      if (!address) return false;
      return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
    },
  };
}
