/**
 * The API as a browser uses it: HttpOnly cookies kept in a jar, the CSRF token from
 * `GET /api/v1/auth/csrf` (then the login answer's X-CSRF-Token) sent back on every change, and
 * the page's Origin, so the API's SEC-WEB-01 checks see what they see from the web app.
 */
export interface ApiAnswer {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
}

export class BrowserSession {
  private readonly cookies = new Map<string, string>();
  private csrfToken = '';

  constructor(readonly baseUrl: string) {}

  private get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  private keepCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiAnswer> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') {
      headers.Origin = this.origin;
      if (this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    }
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    this.keepCookies(res.headers);
    const text = await res.text();
    let json: Record<string, unknown>;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { text: text.slice(0, 200) };
    }
    const csrf = res.headers.get('X-CSRF-Token');
    if (csrf) this.csrfToken = csrf;
    return { status: res.status, json, headers: res.headers };
  }

  /** A CSRF token for this session (or, before signing in, for the login form). */
  async refreshCsrf(): Promise<void> {
    const answer = await this.call('GET', '/api/v1/auth/csrf');
    expectStatus(answer, 200, 'GET /api/v1/auth/csrf');
    this.csrfToken = String(answer.json.csrfToken);
  }

  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }
}

/** Throws with the API's own error words when the answer is not the expected one. */
export function expectStatus(answer: ApiAnswer, status: number, what: string): void {
  if (answer.status === status) return;
  const message = typeof answer.json.message === 'string' ? answer.json.message : JSON.stringify(answer.json);
  const code = typeof answer.json.error_code === 'string' ? `${answer.json.error_code}: ` : '';
  throw new Error(`${what} answered ${answer.status} (${code}${message})`);
}
