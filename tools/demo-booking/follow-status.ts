import { setTimeout as sleep } from 'node:timers/promises';
import { expectStatus, type BrowserSession } from './browser-session';

const TERMINAL = new Set(['CONFIRMED', 'FAILED', 'CANCELLED']);

/** Polls the booking's status URL until the saga ends (CONFIRMED, FAILED or CANCELLED). */
export async function followStatus(
  session: BrowserSession,
  statusUrl: string,
  onChange: (status: string) => void,
): Promise<{ status: string; failureReason: string | null }> {
  let last = '';
  for (let attempt = 0; attempt < 240; attempt += 1) {
    const answer = await session.call('GET', statusUrl);
    expectStatus(answer, 200, `GET ${statusUrl}`);
    const status = String(answer.json.status);
    if (status !== last) onChange((last = status));
    if (TERMINAL.has(status)) {
      const reason = answer.json.failureReason;
      return { status, failureReason: typeof reason === 'string' ? reason : null };
    }
    await sleep(500);
  }
  throw new Error(`the booking was still ${last} after 2 minutes (are the worker pools running?)`);
}
