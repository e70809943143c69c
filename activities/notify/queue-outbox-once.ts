import { createHash } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { EmailOutbox } from '../../db/models/email-outbox';
import type { EmailTemplate, EmailTemplates } from '../../services/accounts/outbox';

/**
 * An outbox row id derived from what the mail is about (a version-8 UUID over SHA-256 of the
 * parts), so a retried activity or a re-run names the same row and queues nothing new.
 */
export function outboxRowId(...parts: string[]): string {
  const hex = createHash('sha256')
    .update(JSON.stringify(['email-outbox', ...parts]))
    .digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Writes the outbox row `id` unless it exists (one already sent or pending is kept as it is).
 * The model needs the keyring attached: recipient and payload are encrypted.
 */
export async function queueOutboxOnce<T extends EmailTemplate>(
  outbox: typeof EmailOutbox,
  id: string,
  template: T,
  recipient: string,
  values: EmailTemplates[T],
): Promise<void> {
  if (await outbox.findByPk(id, { attributes: ['id'] })) return;
  try {
    await outbox.create({ id, template, recipient, payload: JSON.stringify(values) });
  } catch (err) {
    // An earlier attempt that timed out may still have been running: its row is this one.
    if (!(err instanceof UniqueConstraintError)) throw err;
  }
}
