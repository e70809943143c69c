import { ApplicationFailure } from '@temporalio/common';
import { signRequest } from './sign-request';
import { SupplierFailure } from './failures';
import type { SupplierName } from './types';

export interface SupplierHttpOptions {
  name: SupplierName;
  /** Base URL of the supplier's API (`…/v1` is appended). */
  url: string;
  secret: string;
  timeoutMs: number;
  /** Fixed extra headers (a partner account header, or the simulator's test scope). */
  headers?: Record<string, string>;
}

export interface SupplierResponse {
  status: number;
  body: unknown;
}

/** Feed pages are the largest answers; anything bigger is refused unread (SEC-SUP-03). */
export const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

async function readLimited(response: Response, name: SupplierName): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_ANSWER_BYTES) throw SupplierFailure.invalidAnswer(name, 'answer too large');
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) throw SupplierFailure.invalidAnswer(name, 'answer too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * One signed HTTP exchange with a supplier, bounded in time (SEC-SUP-02: the whole exchange,
 * body included) and in size. 5xx, 429, network errors and timeouts are retryable failures;
 * other statuses come back to the adapter with their parsed JSON body.
 */
export function createSupplierHttp(options: SupplierHttpOptions) {
  const base = new URL(options.url.replace(/\/+$/, '') + '/v1');
  return async function call(
    method: 'GET' | 'POST',
    path: string,
    payload?: unknown,
  ): Promise<SupplierResponse> {
    const url = new URL(base.pathname + path, base);
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers = {
      ...options.headers,
      ...signRequest(options.secret, { method, path: url.pathname + url.search, body }),
      accept: 'application/json',
      ...(payload !== undefined && { 'content-type': 'application/json' }),
    };
    let text: string;
    let status: number;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: payload === undefined ? undefined : body,
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'error',
      });
      status = response.status;
      text = await readLimited(response, options.name);
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw SupplierFailure.timeout(options.name, options.timeoutMs);
      }
      if (error instanceof ApplicationFailure) throw error;
      throw SupplierFailure.unavailable(options.name, 'network error');
    }
    if (status >= 500 || status === 429) throw SupplierFailure.unavailable(options.name, `status ${status}`);
    try {
      return { status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    } catch {
      throw SupplierFailure.invalidAnswer(options.name, 'answer is not JSON');
    }
  };
}

export type SupplierHttp = ReturnType<typeof createSupplierHttp>;
