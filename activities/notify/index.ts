import { ping } from '../health/ping';
import { createSendEmail, type SendEmailDeps } from './send-email';

/** The notify pool's activities (email now; audit writes join later). */
export function createNotifyActivities(deps: SendEmailDeps) {
  return { ping, sendEmail: createSendEmail(deps) };
}

export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
export type { EmailMessage, SentEmail } from './send-email';
export { createSmtpTransport } from './smtp-transport';
