/**
 * The shop origins that may embed the card frame (CARD_FRAME_ALLOWED_PARENTS). An origin is
 * compared exactly as the browser serialises it (`scheme://host[:port]`, no path, no slash).
 */
export function parseOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // Only a bare origin: a path, query, fragment or credentials mean it was not meant as one.
  if (url.origin !== value) return null;
  return url.origin;
}

/** The comma list, each entry checked; a malformed entry stops the service at start. */
export function parseAllowedParents(list: string): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const entry of list.split(',').map((s) => s.trim())) {
    if (entry === '') continue;
    const origin = parseOrigin(entry);
    if (!origin)
      throw new Error(`CARD_FRAME_ALLOWED_PARENTS: "${entry}" is not an origin (scheme://host[:port])`);
    origins.add(origin);
  }
  if (origins.size === 0) throw new Error('CARD_FRAME_ALLOWED_PARENTS lists no origin');
  return origins;
}

/** The `parent` query value when it is exactly one of the allowed origins; null otherwise. */
export function allowedParent(value: string | null, allowed: ReadonlySet<string>): string | null {
  return value !== null && allowed.has(value) ? value : null;
}
