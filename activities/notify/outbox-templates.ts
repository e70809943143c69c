import type { EmailTemplate, EmailTemplates } from '../../services/accounts/outbox';

export interface RenderedEmail {
  subject: string;
  text: string;
}

type Renderers = { [T in EmailTemplate]: (v: EmailTemplates[T]) => RenderedEmail };

/** Plain-text emails only: no markup for anything from a request (IPs, device names) to hide in. */
const RENDERERS: Renderers = {
  verify_email: (v) => ({
    subject: 'Confirm your TravelHub email address',
    text: `Welcome to TravelHub.\n\nConfirm your email address to start booking:\n${v.link}\n\nIf you did not sign up, ignore this email.\n`,
  }),
  account_exists: (v) => ({
    subject: 'Someone tried to sign up with your email address',
    text: `Someone tried to create a TravelHub account with this address, which already has one.\n\nSign in: ${v.signInLink}\nForgot your password? ${v.resetLink}\n\nIf this was not you, you can ignore this email.\n`,
  }),
  reset_password: (v) => ({
    subject: 'Reset your TravelHub password',
    text: `A password reset was requested for your TravelHub account.\n\nRequested from IP address: ${v.requestIp}\nRequested at: ${v.requestedAt}\n\nChoose a new password within one hour:\n${v.link}\n\nIf you did not ask for this, ignore this email; your password stays as it is.\n`,
  }),
  company_invitation: (v) => ({
    subject: `You are invited to join ${v.companyName} on TravelHub`,
    text: `You have been invited to join ${v.companyName} on TravelHub.\n\nAccept the invitation:\n${v.link}\n`,
  }),
  new_device: (v) => ({
    subject: 'New sign-in to your TravelHub account',
    text: `Your account was signed in to from a new device or network.\n\nDevice: ${v.device}\nIP address: ${v.ip}\nTime: ${v.at}\n\nIf this was not you, reset your password now.\n`,
  }),
  booking_status: (v) => ({
    subject: `Your TravelHub booking is ${v.status.toLowerCase()}`,
    text: `Your booking ${v.bookingId} is now ${v.status.toLowerCase()}.\n\nSee its details in your TravelHub account.\n`,
  }),
  refund_escalated: (v) => ({
    subject: `Refund ${v.refundId} waits for a decision`,
    text: `A refund request has waited ${waited(v.waitedSeconds)} without a decision.\n\nRefund: ${v.refundId}\nBooking: ${v.bookingId}\nAmount: ${money(v.amountMinor)} ${v.currency}\nReason: ${v.reason}\n\nApprove or deny it among the pending refunds:\n${v.link}\n\nWithout a decision it expires and its amount is released.\n`,
  }),
  reconciliation_summary: (v) => {
    const kinds = Object.entries(v.findings).sort(([a], [b]) => a.localeCompare(b));
    const total = kinds.reduce((sum, [, n]) => sum + n, 0);
    const lines = kinds.length ? kinds.map(([kind, n]) => `${kind}: ${n}`) : ['no findings'];
    return {
      subject: `Reconciliation ${v.day}: ${total} findings, ${v.newFindings} new`,
      text: `Reconciliation with Stripe for ${v.day}\ncompared: ${v.compared}\nnew findings: ${v.newFindings}\nauthorisations cancelled: ${v.authorisationsCancelled}\n\n${lines.join('\n')}\n\nDetails: ${v.link}\n`,
    };
  },
};

/** Minor units as the platform keeps them (two decimals): 123456 → 1234.56. */
function money(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(Math.abs(minor % 100)).padStart(2, '0')}`;
}

/** 93_780 → '1 d 2 h 3 min'; under a minute, seconds. */
function waited(seconds: number): string {
  const parts = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3_600), 'h'],
    [Math.floor((seconds % 3_600) / 60), 'min'],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`);
  return shown.length ? shown.join(' ') : `${seconds} s`;
}

export function isEmailTemplate(value: string): value is EmailTemplate {
  return Object.hasOwn(RENDERERS, value);
}

// eslint-disable-next-line no-control-regex
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ');

export function renderEmail<T extends EmailTemplate>(template: T, values: EmailTemplates[T]): RenderedEmail {
  const rendered = (RENDERERS[template] as (v: EmailTemplates[T]) => RenderedEmail)(values);
  return { subject: oneLine(rendered.subject), text: rendered.text };
}
