import { request, type IncomingHttpHeaders } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (tests assert on its shape). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface HttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  /** Sent with Content-Length. */
  body?: string | Buffer;
  /** Sent with Transfer-Encoding: chunked, no Content-Length. */
  chunks?: readonly (string | Buffer)[];
  /** Source address of the connection, e.g. 127.0.0.2 (any 127/8 address works on Linux). */
  localAddress?: string;
}

/**
 * A raw node:http request, so tests control every header, the method, chunked bodies and the source
 * address, which fetch does not allow.
 */
export function httpRequest(baseUrl: string, req: HttpRequest): Promise<HttpAnswer> {
  const url = new URL(req.path, baseUrl);
  const headers: Record<string, string | number> = { ...req.headers };
  if (req.body !== undefined) headers['Content-Length'] = Buffer.byteLength(req.body);
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request(
      url,
      { method: req.method ?? 'GET', headers, localAddress: req.localAddress, agent: false },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    // Once an answer has arrived, a failure to write the rest of the body does not matter.
    outgoing.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (req.chunks) {
      for (const chunk of req.chunks) outgoing.write(chunk);
      outgoing.end();
    } else {
      outgoing.end(req.body);
    }
  });
}
