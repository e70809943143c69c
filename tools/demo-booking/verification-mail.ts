import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredMessage } from '../smtp-sink/mailbox';

/** Quoted-printable soft line breaks and `=3D` undone: enough to read a link out of a mail. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');

/**
 * The verification token of the mail the SMTP sink received for `email` since `since`. The
 * sink names its files by their arrival time, so only the newer ones are read.
 */
export async function verificationToken(sinkDir: string, email: string, since: Date): Promise<string> {
  const after = since.toISOString().replace(/[:.]/g, '-');
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const names = readdirSync(sinkDir).filter((f) => f.endsWith('.json') && !f.startsWith('.') && f >= after);
    for (const name of names) {
      const message = JSON.parse(readFileSync(join(sinkDir, name), 'utf8')) as StoredMessage;
      if (!message.to.includes(email)) continue;
      const match = /verify-email=([A-Za-z0-9_-]{43})/.exec(decoded(message.raw));
      if (match) return match[1]!;
    }
    await sleep(500);
  }
  throw new Error(
    `no verification mail for ${email} reached the SMTP sink in 60 s (is the notify worker running?)`,
  );
}
