import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SinkMessage {
  to: string[];
  raw: string;
}

/**
 * Every message the stack's SMTP sink (tools/smtp-sink) holds. The sink writes a message's file
 * before it answers 250, so a mail whose send returned is already here.
 */
export function sinkMessages(): SinkMessage[] {
  const dir = process.env.SMTP_SINK_DIR;
  if (!dir) throw new Error('SMTP_SINK_DIR is not set: run through scripts/with-env.sh');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SinkMessage);
}

/** The sink's messages for `recipient`. */
export function sinkMessagesTo(recipient: string): SinkMessage[] {
  return sinkMessages().filter((m) => m.to.includes(recipient));
}

/** A message's text with quoted-printable soft breaks and `=3D` undone: enough to read lines and links. */
export const mailText = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
