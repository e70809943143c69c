/** What the fault test's load sends: the mix of issue 20.2. */
export const KINDS = ['search-anon', 'search-user', 'login', 'booking', 'status'] as const;
export type Kind = (typeof KINDS)[number];

/** One answer the load got (or did not: status 0), timed by the client. */
export interface Answer {
  kind: Kind;
  /** ms since the epoch, when the request went out. */
  sentAt: number;
  ms: number;
  status: number;
  code?: string;
  retryAfter?: string;
  /** SEC-ERR-01's body: error_code, message, error_id, timestamp. */
  errorBody: boolean;
  /** Network error or the client's own timeout (a hang), for status 0. */
  failure?: string;
}

/** Answers that are the request done, per kind (401: a signed-in customer whose session Redis lost). */
const CORRECT: Record<Kind, readonly number[]> = {
  'search-anon': [200],
  'search-user': [200],
  login: [200],
  // 409: the key's first attempt still holds it (a retry while it runs), answered in the error format.
  booking: [202, 409],
  status: [200],
};

export function isCorrect(answer: Answer, sessionsMayBeLost: boolean): boolean {
  if (CORRECT[answer.kind].includes(answer.status)) return true;
  return (
    sessionsMayBeLost && answer.status === 401 && answer.kind !== 'search-anon' && answer.kind !== 'login'
  );
}

/** A 503 as issue 20.2 wants it: the error body and a whole number of seconds in Retry-After. */
export function isProper503(answer: Answer): boolean {
  return answer.status === 503 && answer.errorBody && /^\d+$/.test(answer.retryAfter ?? '');
}

export async function readAnswer(kind: Kind, sentAt: number, res: Response): Promise<Answer> {
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: errorBody stays false
  }
  const errorBody = ['error_code', 'message', 'error_id', 'timestamp'].every(
    (k) => typeof json[k] === 'string',
  );
  return {
    kind,
    sentAt,
    ms: Date.now() - sentAt,
    status: res.status,
    code: typeof json.error_code === 'string' ? json.error_code : undefined,
    retryAfter: res.headers.get('retry-after') ?? undefined,
    errorBody,
    ...(res.status === 202 && typeof json.id === 'string' && { bookingId: json.id }),
    ...(res.status === 200 && typeof json.accessToken === 'string' && { accessToken: json.accessToken }),
  } as Answer;
}
