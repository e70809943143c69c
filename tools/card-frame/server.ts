import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowedParent } from './allowed-parents';
import type { FrameAssets } from './bundle';
import { frameCsp, framePage } from './frame-page';
import type { ProviderOptions } from './provider';
import { authenticateRoute, bodyErrorAnswer, paymentMethodRoute, type JsonAnswer } from './provider-routes';

export interface CardFrameOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** This service's own origin as browsers see it; null: http://<host>:<port> once listening. */
  origin: string | null;
  allowedParents: ReadonlySet<string>;
  provider: ProviderOptions;
  assets: FrameAssets;
  /** One line per request: method, path (no query), status. Never a body. */
  log: (line: string) => void;
}

export interface CardFrame {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};
/** Its script, style and answers load only into its own pages (the frame page itself is embedded). */
const OWN_ONLY = { 'Cross-Origin-Resource-Policy': 'same-origin' };

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, ...headers });
  res.end(body);
}

const sendJson = (res: ServerResponse, answer: JsonAnswer) =>
  send(res, answer.status, 'application/json', JSON.stringify(answer.body), OWN_ONLY);

const jsonError = (status: number, code: string, message: string): JsonAnswer => ({
  status,
  body: { error_code: code, message },
});

/**
 * The provider routes take requests from the frame's own script only: a browser names the page's
 * origin in `Origin` on every POST, so a shop page or any other site calling them directly is
 * refused (no card data reaches the provider from outside the frame).
 */
function fromOwnOrigin(req: IncomingMessage, origin: string): boolean {
  return req.headers.origin === origin;
}

async function route(req: IncomingMessage, res: ServerResponse, options: CardFrameOptions, origin: string) {
  const url = new URL(req.url ?? '/', origin);
  const key = `${req.method} ${url.pathname}`;
  if (key === 'GET /healthz') return sendJson(res, { status: 200, body: { status: 'ok' } });
  if (key === 'GET /card') {
    const parent = allowedParent(url.searchParams.get('parent'), options.allowedParents);
    if (!parent) {
      return sendJson(
        res,
        jsonError(400, 'PARENT_NOT_ALLOWED', 'This shop origin may not embed the card frame.'),
      );
    }
    return send(res, 200, 'text/html; charset=utf-8', framePage(parent), {
      'Content-Security-Policy': frameCsp(parent),
    });
  }
  if (key === 'GET /card.js')
    return send(res, 200, 'text/javascript; charset=utf-8', options.assets.script, OWN_ONLY);
  if (key === 'GET /card.css')
    return send(res, 200, 'text/css; charset=utf-8', options.assets.style, OWN_ONLY);
  if (key === 'POST /v1/payment_methods' || key === 'POST /v1/3ds/authenticate') {
    if (!fromOwnOrigin(req, origin)) {
      return sendJson(res, jsonError(403, 'ORIGIN_NOT_ALLOWED', 'Only the card frame itself may call this.'));
    }
    const handler = key === 'POST /v1/payment_methods' ? paymentMethodRoute : authenticateRoute;
    return sendJson(res, await handler(req, options.provider));
  }
  return sendJson(res, jsonError(404, 'NOT_FOUND', 'Not found'));
}

export async function startCardFrame(options: CardFrameOptions): Promise<CardFrame> {
  let origin = options.origin ?? '';
  const server = createServer((req, res) => {
    res.on('finish', () => options.log(`${req.method} ${(req.url ?? '/').split('?')[0]} ${res.statusCode}`));
    route(req, res, options, origin).catch((err: unknown) => {
      const known = bodyErrorAnswer(err);
      if (!known) options.log(`error ${err instanceof Error ? err.name : 'unknown'}`);
      if (!res.headersSent) {
        sendJson(
          res,
          known ?? jsonError(502, 'PROVIDER_UNAVAILABLE', 'The payment provider did not answer; try again.'),
        );
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  if (!origin) origin = `http://${options.host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
