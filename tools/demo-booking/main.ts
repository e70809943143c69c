import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { config } from '../../lib/config';
import { BrowserSession, expectStatus } from './browser-session';
import { demoCard, paymentMethodAtCardFrame } from './card-frame-client';
import { followStatus } from './follow-status';
import { searchStays, stayBooking, type ChosenStay } from './stay';
import { verificationToken } from './verification-mail';
import { bookingWorkflowLink } from './workflow-link';

/**
 * Quick start's demo booking (scripts/up.sh): a new customer signs up, verifies the address from
 * the SMTP sink, signs in with cookies and CSRF as the web app does, finds a stay in Lisbon, pays
 * with a card turned into a PaymentMethod by the card frame's service (the API sees only pm_…),
 * books it with an Idempotency-Key and follows the saga to CONFIRMED.
 *   scripts/with-env.sh node --import tsx tools/demo-booking/main.ts [city]
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/with-env.sh`);
  return value;
}

const step = (text: string) => console.log(`  · ${text}`);
/** Each attempt is a payment attempt too: SEC-PAY-06 allows a user 5 in 15 minutes. */
const MAX_ATTEMPTS = 3;

async function bookStay(session: BrowserSession, cardFrameOrigin: string, stay: ChosenStay) {
  step(
    `found ${stay.hotel.name} in ${stay.hotel.city}, ${stay.checkIn} → ${stay.checkOut}, ` +
      `${(stay.hotel.total_minor / 100).toFixed(2)} ${stay.hotel.currency}`,
  );
  const paymentMethod = await paymentMethodAtCardFrame(cardFrameOrigin, demoCard());
  step(`card frame made ${paymentMethod.id} (${paymentMethod.brand} •••• ${paymentMethod.last4})`);
  const accepted = await session.call('POST', '/api/v1/bookings', stayBooking(stay, paymentMethod.id), {
    'Idempotency-Key': randomUUID(),
  });
  expectStatus(accepted, 202, 'booking');
  const bookingId = String(accepted.json.id);
  step(`booking ${bookingId} accepted`);
  const end = await followStatus(session, String(accepted.json.statusUrl), (status) =>
    step(`status ${status}`),
  );
  return { bookingId, ...end };
}

async function main(): Promise<void> {
  const cfg = config();
  const city = process.argv[2] ?? 'Lisbon';
  const cardFrameOrigin = required('CARD_FRAME_ORIGIN');
  const session = new BrowserSession(cfg.api.publicUrl);
  const email = `demo.${randomBytes(4).toString('hex')}@example.test`;
  // Digits only in the random part: letters could spell a piece of the name (SEC-AUTH-02 refuses that).
  const password = `correct horse ${randomInt(1e11, 1e12)} staple`;

  const since = new Date();
  await session.refreshCsrf();
  const signup = await session.call('POST', '/api/v1/auth/signup', {
    email,
    password,
    fullName: 'Grace Hopper',
  });
  if (signup.status === 429) {
    throw new Error('sign-up is limited to 5 an hour per address (SEC-AUTH-07): run the demo again later');
  }
  expectStatus(signup, 202, 'sign-up');
  step(`signed up ${email}`);

  const token = await verificationToken(required('SMTP_SINK_DIR'), email, since);
  expectStatus(await session.call('POST', '/api/v1/auth/verify-email', { token }), 200, 'email verification');
  step('verified the address with the link from the SMTP sink');

  expectStatus(await session.call('POST', '/api/v1/auth/login', { email, password }), 200, 'sign-in');
  step(`signed in (cookies: ${session.cookieNames().join(', ')})`);

  // A stay the supplier has sold out since the last index sync fails at the hold: try another.
  let booked: { bookingId: string; status: string; failureReason: string | null } | undefined;
  for (const stay of (await searchStays(session, city)).slice(0, MAX_ATTEMPTS)) {
    booked = await bookStay(session, cardFrameOrigin, stay);
    if (booked.status === 'CONFIRMED' || booked.failureReason !== 'sold_out') break;
  }
  if (booked?.status !== 'CONFIRMED') {
    const reason = booked?.failureReason ? `: ${booked.failureReason}` : '';
    throw new Error(`booking ${booked?.bookingId} ended ${booked?.status}${reason}`);
  }
  const { bookingId } = booked;
  const link = await bookingWorkflowLink(cfg, bookingId);
  console.log(`
Demo booking ${bookingId}: CONFIRMED
  Workflow      ${link}
  Web app       ${cfg.api.publicUrl}/app
  Customer      ${email} / ${password}`);
}

main().catch((err: unknown) => {
  console.error(`demo booking failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
