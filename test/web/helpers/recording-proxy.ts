import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the API received it: method, path with query, headers and the body's bytes as text. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingProxy {
  /** The origin browsers use: the web app's and the API's public origin in the test. */
  origin: string;
  /** Every request forwarded to the API so far, in order. */
  readonly requests: RecordedRequest[];
  /** Where requests go from now on (the API starts after the proxy, which must know its origin first). */
  forwardTo(target: string): void;
  close(): Promise<void>;
}

/**
 * A pass-through in front of the API that keeps a copy of every request: whatever the browser
 * sends the API, the test can read (SEC-PAY-01's proof that no card data reaches the platform).
 * It is the API's public origin for the run, so cookies, CSRF origin checks and the card frame's
 * allowed parent all name it.
 */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  let target: URL | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: body.toString('utf8'),
      });
      if (!target) {
        res.writeHead(503).end();
        return;
      }
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    forwardTo(url) {
      target = new URL(url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
