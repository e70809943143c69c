import { createHash } from 'node:crypto';
import { activityInfo, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { SmtpTransport } from '../../lib/clients/smtp';
import { hasControlCharacter } from '../../lib/text/plain-text';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface SentEmail {
  /** Stable across retries of the same activity, so receivers can drop a duplicate delivery. */
  messageId: string;
  taskQueue: string;
}

export interface SendEmailDeps {
  transport: SmtpTransport;
  from: string;
}

const MAX_SUBJECT = 200;
const MAX_TEXT = 100_000;
// One plain address; no display name, list or comment, so the recipient cannot smuggle headers.
const ADDRESS =
  /^[^\s@<>(),;:"\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function invalid(reason: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(reason, 'InvalidEmail');
}

function validate(message: EmailMessage): void {
  if (
    typeof message.to !== 'string' ||
    message.to.length > 254 ||
    hasControlCharacter(message.to) ||
    !ADDRESS.test(message.to)
  ) {
    throw invalid('recipient must be one plain email address');
  }
  if (
    typeof message.subject !== 'string' ||
    message.subject.length > MAX_SUBJECT ||
    hasControlCharacter(message.subject)
  ) {
    throw invalid(`subject must be one line of at most ${MAX_SUBJECT} characters`);
  }
  if (typeof message.text !== 'string' || message.text.length > MAX_TEXT) {
    throw invalid(`text must be at most ${MAX_TEXT} characters`);
  }
}

/** Sends one plain-text email through the configured SMTP relay. Delivery is at least once. */
export function createSendEmail({ transport, from }: SendEmailDeps) {
  return async function sendEmail(message: EmailMessage): Promise<SentEmail> {
    validate(message);
    const info = activityInfo();
    const run = info.workflowExecution;
    const origin = run ? `${run.workflowId}/${run.runId}` : 'standalone';
    const digest = createHash('sha256')
      .update(`${info.namespace}/${origin}/${info.activityId}`)
      .digest('hex')
      .slice(0, 32);
    const messageId = `<${digest}@travelhub>`;
    const sent = await transport.sendMail({
      from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId,
    });
    if (sent.rejected.length > 0 || sent.accepted.length === 0) {
      throw ApplicationFailure.nonRetryable('the relay refused the recipient', 'EmailRejected');
    }
    log.info('email sent', { messageId });
    return { messageId, taskQueue: info.taskQueue };
  };
}
