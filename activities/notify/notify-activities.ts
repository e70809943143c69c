import { createSendEmail, type SendEmailDeps } from './send-email';

/** The notification activities (email). */
export function createNotifyActivities(deps: SendEmailDeps) {
  return { sendEmail: createSendEmail(deps) };
}

export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
export type { EmailMessage, SentEmail, SendEmailDeps } from './send-email';
