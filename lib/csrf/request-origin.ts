/** Why a state-changing cookie request was refused as cross-site. */
export type OriginRefusal = 'cross_site' | 'origin' | 'referer' | 'no_origin';

export interface OriginHeaders {
  secFetchSite?: string;
  origin?: string;
  referer?: string;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * SEC-WEB-01, in the order the requirement gives: Sec-Fetch-Site (sent by every current browser)
 * decides when it says same-origin or cross-site; otherwise Origin, then Referer, must be an
 * allowed origin. A request that names no origin at all is refused: browsers always send one of
 * them on a state-changing request, so only a stripped or non-browser request lacks all three.
 */
export function checkRequestOrigin(
  headers: OriginHeaders,
  allowed: readonly string[],
): OriginRefusal | undefined {
  const site = headers.secFetchSite?.toLowerCase();
  if (site === 'same-origin') return undefined;
  if (site === 'cross-site') return 'cross_site';
  // 'same-site' (a sibling host) and 'none' need an allowed Origin or Referer like old browsers.
  if (headers.origin) return allowed.includes(headers.origin) ? undefined : 'origin';
  if (headers.referer) {
    const origin = originOf(headers.referer);
    return origin && allowed.includes(origin) ? undefined : 'referer';
  }
  return 'no_origin';
}
