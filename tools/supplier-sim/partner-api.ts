import type { Catalogue } from './catalogue';
import { feedPage } from './feed';
import type { HoldBook } from './holds';
import type { IdempotencyTokens, SimAnswer } from './idempotency';
import type { SupplierId } from './items';
import type { Route } from './faults';

const TOKEN = /^[\x21-\x7e]{8,200}$/;

export interface PartnerRequest {
  supplier: SupplierId;
  method: string;
  /** Path after `/<supplier>/v1`. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  commitDelayMs: number;
}

const bad = (message: string): SimAnswer => ({
  status: 400,
  body: { error_code: 'INVALID_REQUEST', message },
});

/** Which route a request is, for fault rules and request counts. */
export function routeOf(method: string, path: string): Route | undefined {
  if (method === 'GET' && path === '/inventory') return 'feed';
  if (method === 'GET' && /^\/holds\/[\w-]{1,64}$/.test(path)) return 'get';
  if (method !== 'POST') return undefined;
  return (
    {
      '/quotes': 'quote',
      '/holds': 'hold',
      '/holds/confirm': 'confirm',
      '/holds/release': 'release',
      '/holds/cancel': 'cancel',
    } as Record<string, Route>
  )[path];
}

/**
 * The supplier's API. Every mutation carries `idempotency_token`; the same token and request
 * get the first answer, from the supplier's own token store.
 */
export async function handlePartner(
  req: PartnerRequest,
  deps: { catalogue: Catalogue; holds: HoldBook; tokens: IdempotencyTokens },
): Promise<SimAnswer> {
  const route = routeOf(req.method, req.path);
  const { holds } = deps;
  if (route === 'feed') return feedPage(deps.catalogue, req.supplier, req.query);
  if (route === 'get') {
    const hold = holds.get(req.supplier, req.path.slice('/holds/'.length));
    return hold
      ? { status: 200, body: holds.view(hold) }
      : { status: 404, body: { error_code: 'HOLD_NOT_FOUND' } };
  }
  if (route === 'quote') return holds.quote(req.supplier, req.body.item);
  if (route === undefined)
    return { status: 404, body: { error_code: 'NOT_FOUND', message: 'no such route' } };

  const token = req.body.idempotency_token;
  if (typeof token !== 'string' || !TOKEN.test(token))
    return bad('idempotency_token is required (8-200 chars)');
  return deps.tokens.run(`${req.supplier}/${route}`, token, req.body, async () => {
    switch (route) {
      case 'hold':
        return holds.hold(req.supplier, token, req.body.item, req.body.ttl_seconds, req.commitDelayMs);
      case 'confirm':
        return holds.confirm(req.supplier, req.body.hold_id);
      case 'release':
        if (typeof req.body.hold_token !== 'string') return bad('hold_token is required');
        return holds.release(req.supplier, req.body.hold_token);
      case 'cancel':
        return holds.cancel(req.supplier, req.body.hold_id);
    }
  });
}
