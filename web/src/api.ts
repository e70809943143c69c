/**
 * The API from the page: same origin, cookies HttpOnly (never read here), the CSRF token the API
 * hands out sent as X-CSRF-Token on every change (as api/public/signin.js does).
 */

export interface ErrorBody {
  error_code?: string;
  message?: string;
  details?: { fields?: { field: string; rule: string }[] } & Record<string, unknown>;
}

export interface Answer<T = unknown> {
  status: number;
  json: T & ErrorBody;
  headers: Headers;
}

let csrfToken = '';
/** Set while someone is signed in: only then is a 401 worth a refresh. */
let signedIn = false;
/** One refresh at a time: a refresh token used twice revokes its whole family (SEC-SESS-03). */
let refreshing: Promise<boolean> | null = null;

export function setSignedIn(value: boolean): void {
  signedIn = value;
}

/** The access cookie lives 15 minutes; the refresh cookie renews it, once for all waiting requests. */
function refreshSession(): Promise<boolean> {
  refreshing ??= send('POST', '/api/v1/auth/refresh', {}, {})
    .then((answer) => answer.status === 200)
    .finally(() => setTimeout(() => (refreshing = null), 0));
  return refreshing;
}

export async function api<T = unknown>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Answer<T>> {
  const answer = await send<T>(method, path, body, extraHeaders);
  if (answer.status !== 401 || !signedIn || path.startsWith('/api/v1/auth/')) return answer;
  return (await refreshSession()) ? send<T>(method, path, body, extraHeaders) : answer;
}

async function send<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = {};
  }
  const fresh = res.headers.get('X-CSRF-Token');
  if (fresh) csrfToken = fresh;
  return { status: res.status, json: json as T & ErrorBody, headers: res.headers };
}

/** The CSRF token of this browser's session (or of an anonymous one before sign-in). */
export async function refreshCsrf(): Promise<void> {
  const answer = await api<{ csrfToken?: string }>('GET', '/api/v1/auth/csrf');
  csrfToken = answer.json.csrfToken ?? '';
}

/** A field path of a validation error in words: `passengers[0].firstName` → `passenger 1 first name`. */
function fieldWords(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, (_, n: string) => ` ${Number(n) + 1}`)
    .replace(/s (\d+)/g, ' $1')
    .replace(/\./g, ' ')
    .replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`)
    .trim();
}

/** What went wrong, in the API's own words (SEC-ERR-01 body), with the fields it names. */
export function problemText(answer: Answer): string {
  const base = answer.json.message ?? `The request failed (HTTP ${answer.status}).`;
  const fields = answer.json.details?.fields ?? [];
  const named = fields.filter((f) => f.field).map((f) => fieldWords(f.field));
  let text = named.length ? `${base}: check ${[...new Set(named)].join(', ')}.` : base;
  if (!/[.!?]$/.test(text)) text += '.';
  if (answer.status === 429) {
    const seconds = Number(answer.headers.get('Retry-After'));
    text += seconds > 0 ? ` Try again in ${seconds} second${seconds === 1 ? '' : 's'}.` : ' Try again later.';
  }
  return text;
}
