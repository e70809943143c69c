import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Config } from '../config';

export type SmtpTransport = Transporter<SMTPTransport.SentMessageInfo>;

/**
 * The SMTP options from config: `smtp://host:port` (STARTTLS required in production) or
 * `smtps://host:port` (implicit TLS). Certificates are always verified. Every phase of a
 * delivery is bounded by config.smtp.timeoutMs (SEC-RATE-03). Credentials are never taken
 * from the URL (SEC-CFG-01: secrets come from files).
 */
export function smtpOptions(config: Pick<Config, 'env' | 'smtp'>): SMTPTransport.Options {
  const url = new URL(config.smtp.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error('SMTP_URL must be smtp:// or smtps://');
  if (url.username || url.password) throw new Error('SMTP_URL must not carry credentials');
  const secure = url.protocol === 'smtps:';
  const timeout = config.smtp.timeoutMs;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && config.env === 'production',
    tls: { rejectUnauthorized: true },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export function createSmtpTransport(config: Pick<Config, 'env' | 'smtp'>): SmtpTransport {
  return nodemailer.createTransport(smtpOptions(config));
}
