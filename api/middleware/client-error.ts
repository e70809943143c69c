import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { errorAnswer } from '../errors/error-body';
import type { HeaderWriter } from './security-headers';

export type ClientErrorHandler = (err: NodeJS.ErrnoException, socket: Duplex) => void;

const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    message: 'The request was not received in time',
  },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: 'Request headers too large' },
};
const MALFORMED = { status: 400, code: 'MALFORMED_REQUEST', message: 'Malformed HTTP request' };

/** The security headers as name/value pairs, collected by running the writer on a recording stub. */
function securityHeaderLines(write: HeaderWriter): string {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  write({} as never, recorder as unknown as ServerResponse);
  return [...headers].map(([name, value]) => `${name}: ${value}\r\n`).join('');
}

/**
 * Node answers requests it cannot parse, or that arrive too slowly, before Koa sees them, with a bare
 * status line. This handler (the server's 'clientError' listener) gives those answers the same
 * security headers (SEC-WEB-03) and error body (SEC-ERR-01) as every other answer, then closes.
 */
export function clientErrorHandler(writeSecurityHeaders: HeaderWriter, logger: Logger): ClientErrorHandler {
  const securityHeaders = securityHeaderLines(writeSecurityHeaders);
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const known = CLIENT_ERRORS[err.code ?? ''] ?? MALFORMED;
    const answer = errorAnswer(new AppError(known.status, known.code, known.message));
    logger.info(
      {
        error_id: answer.body.error_id,
        error_code: answer.body.error_code,
        cause: err.code,
        result: 'rejected',
      },
      'client error',
    );
    const body = JSON.stringify(answer.body);
    socket.end(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\n` +
        securityHeaders +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  };
}
