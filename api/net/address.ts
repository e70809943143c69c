import { isIP } from 'node:net';

const MAPPED_DOTTED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/;
const MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/;
const BRACKETED_IPV6 = /^\[([^\]]+)\](?::\d+)?$/;

function mappedToIpv4(ipv6: string): string | undefined {
  const dotted = MAPPED_DOTTED.exec(ipv6);
  if (dotted) return dotted[1];
  const hex = MAPPED_HEX.exec(ipv6);
  if (!hex) return undefined;
  const high = parseInt(hex[1] ?? '', 16);
  const low = parseInt(hex[2] ?? '', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * An address as one canonical string, or undefined when the text is not an IP address.
 * IPv4-mapped IPv6 (`::ffff:10.0.0.1`) becomes IPv4; brackets, ports and zone ids are dropped,
 * so a proxy list and a socket address compare alike.
 */
export function normalizeAddress(text: string): string | undefined {
  let candidate = text.trim();
  const bracketed = BRACKETED_IPV6.exec(candidate);
  if (bracketed) candidate = bracketed[1] ?? '';
  const withPort = IPV4_WITH_PORT.exec(candidate);
  if (withPort) candidate = withPort[1] ?? '';
  candidate = candidate.split('%')[0] ?? '';
  const family = isIP(candidate);
  if (family === 4) return candidate;
  if (family !== 6) return undefined;
  const lower = candidate.toLowerCase();
  return mappedToIpv4(lower) ?? lower;
}
