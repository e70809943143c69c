import { randomUUID } from 'node:crypto';
import test from 'ava';
import { composePrivacy } from '../../api/routes/privacy/compose-privacy';
import { exportDocumentSchema } from '../../api/routes/privacy/export-schemas';
import { unknownKeys } from '../../api/routing/unknown-keys';
import { createAuditWriter } from '../../lib/audit';
import { exportMyData } from '../../services/privacy';
import { flightPicker } from '../bookings/helpers/booking-body';
import { exportStack, type ExportStack, type ExportUser } from './helpers/export-stack';
import { plantEverything, shownValues, type Planted } from './helpers/planted-data';

/* SEC-PRIV-01 on the real stack: GET /api/v1/users/me/export (docs/privacy-export.md). */

let x: ExportStack;
let owner: ExportUser;
let other: ExportUser;
let mine: Planted;
let theirs: Planted;

test.before(async () => {
  x = await exportStack();
  const pick = await flightPicker(x.s.saga);
  [owner, other] = [await x.user(), await x.user()];
  mine = await plantEverything(x, pick, owner);
  theirs = await plantEverything(x, pick, other);
});
test.after.always(async () => {
  await x?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const byId = (list: any[], id: string) => list.find((item: { id: string }) => item.id === id);

test.serial(
  'SEC-PRIV-01 the export holds every planted datum of the user and nothing of another user’s',
  async (t) => {
    const answer = await x.exportAs(owner, { 'X-Recovery-Code': owner.codes.shift()! });
    t.is(answer.status, 200, answer.text);
    const doc = answer.json;
    for (const [what, value] of shownValues(mine))
      t.true(answer.text.includes(value), `${what} is in the export`);
    for (const [what, value] of shownValues(theirs))
      t.false(answer.text.includes(value), `the other user's ${what}`);
    for (const secret of [...mine.secrets, ...theirs.secrets])
      t.false(answer.text.includes(secret), 'a secret');

    t.like(doc, { format: 'travelhub.personal-data-export', version: 1, userId: owner.id });
    // The documented schema (OpenAPI) is what is sent: every key declared, every value its type.
    await t.notThrowsAsync(exportDocumentSchema.validate(doc, { strict: true }));
    t.deepEqual(unknownKeys(exportDocumentSchema, doc, { allowOpenObjects: true }), []);
    t.like(doc.account, {
      id: owner.id,
      email: owner.email,
      role: 'USER',
      profile: { phone: mine.phone, passportNumber: mine.profilePassport, dateOfBirth: '1985-04-02' },
      mfa: { enabled: true, recoveryCodesLeft: owner.codes.length },
    });
    t.true(doc.sessions.length >= 1 && doc.sessionHistory.length >= 1 && doc.knownDevices.length >= 1);
    const booking = byId(doc.bookings, mine.bookingId);
    t.like(booking, { status: 'CONFIRMED', kind: 'flight', notes: mine.notes });
    t.deepEqual(booking.passengers, [
      {
        firstName: 'Grace',
        lastName: mine.passengerLastName,
        dateOfBirth: '1985-04-02',
        passportNumber: mine.passengerPassport,
      },
    ]);
    const payment = byId(booking.payments, mine.paymentId);
    t.like(payment, {
      card: { brand: 'visa', last4: '4242' },
      amountMinor: booking.amountMinor,
      capturedMinor: booking.amountMinor,
    });
    t.like(byId(booking.refundRequests, mine.refundRequestId), {
      amountMinor: 100,
      status: 'pending',
      requestedByYou: true,
    });
    t.like(byId(booking.cancellationQuotes, mine.quoteId), { status: 'open', requestedByYou: true });
    t.like(byId(booking.changeCharges, mine.changeChargeId), { amountMinor: 777, status: 'succeeded' });
    t.like(byId(doc.reviews, mine.reviewId), { bookingId: mine.reviewBookingId, title: mine.reviewTitle });
    t.deepEqual(
      doc.bookings.map((b: { id: string }) => b.id).sort(),
      [mine.bookingId, mine.reviewBookingId].sort(),
    );
    const types = new Set(doc.auditEvents.map((e: { type: string }) => e.type));
    for (const type of ['auth.login.succeeded', 'booking.created', 'refund.requested', 'pii.exported'])
      t.true(types.has(type), `audit event ${type} is in the export`);
  },
);

test.serial(
  'SEC-PRIV-01 without a fresh MFA code the export is refused, before anything is read, and audited denied',
  async (t) => {
    const none = await x.exportAs(owner);
    t.is(none.status, 403, none.text);
    t.is(none.json.error_code, 'MFA_STEP_UP_REQUIRED');
    const wrong = await x.exportAs(owner, { 'X-Recovery-Code': 'AAAA-BBBB-CCCC-DDDD' });
    t.is(wrong.status, 403);
    t.is(wrong.json.error_code, 'MFA_STEP_UP_REQUIRED');
    const bad = await x.exportAs(owner, { 'X-MFA-Code': 'abc' });
    t.is(bad.status, 400);
    const noMfa = await x.user({ mfa: false });
    const unenrolled = await x.exportAs(noMfa);
    t.is(unenrolled.status, 403);
    t.is(unenrolled.json.error_code, 'MFA_ENROLMENT_REQUIRED');
    for (const answer of [none, wrong, unenrolled]) t.false(answer.text.includes(owner.email));
    const denied = (await x.auditOf(owner.id, 'pii.exported')).filter((e) => e.outcome === 'denied');
    t.deepEqual(
      denied.map((e) => e.details.reason),
      ['MFA_STEP_UP_REQUIRED', 'MFA_STEP_UP_REQUIRED'],
    );
    t.like((await x.auditOf(noMfa.id, 'pii.exported'))[0], {
      outcome: 'denied',
      details: { reason: 'MFA_ENROLMENT_REQUIRED' },
    });
  },
);

test.serial(
  'SEC-PRIV-01 every export is audited pii.exported (success) with the user, address and request',
  async (t) => {
    const before = (await x.auditOf(other.id, 'pii.exported')).length;
    const answer = await x.exportAs(other, { 'X-Recovery-Code': other.codes.shift()! });
    t.is(answer.status, 200);
    const events = await x.auditOf(other.id, 'pii.exported');
    t.is(events.length, before + 1);
    t.like(events.at(-1), {
      outcome: 'success',
      actor: { type: 'user', id: other.id },
      resource: { type: 'user', id: other.id },
      details: { format: 'json', requestId: answer.headers['x-request-id'] },
    });
    t.truthy(events.at(-1)!.originIp);
  },
);

test.serial('SEC-PRIV-01 the export is streamed: chunked, no Content-Length', async (t) => {
  const answer = await x.exportAs(other, { 'X-Recovery-Code': other.codes.shift()! });
  t.is(answer.status, 200);
  t.is(answer.headers['transfer-encoding'], 'chunked');
  t.is(answer.headers['content-length'], undefined);
  t.regex(answer.headers['content-type'] ?? '', /^application\/json/);
  t.regex(answer.headers['content-disposition'] ?? '', /^attachment/);
});

test.serial(
  'SEC-PRIV-01 bookings and audit events are read a page at a time: one-row pages lose and repeat nothing',
  async (t) => {
    const db = x.s.saga.sequelize;
    const privacy = composePrivacy(
      { sequelize: db },
      {
        audit: createAuditWriter(db),
        accounts: x.accounts,
        sessions: { listSessions: () => Promise.resolve([]) },
        rateLimit: undefined as never,
      },
    );
    const actor = { id: owner.id, role: 'USER' as const, sessionId: randomUUID() };
    const stream = await exportMyData(
      { ...privacy.export, pageSize: 1 },
      actor,
      { recoveryCode: owner.codes.shift()! },
      { ip: '203.0.113.9' },
    );
    const pieces: Buffer[] = [];
    for await (const piece of stream) pieces.push(piece as Buffer);
    const doc = JSON.parse(Buffer.concat(pieces).toString('utf8'));
    const bookingIds = doc.bookings.map((b: { id: string }) => b.id);
    t.deepEqual([...bookingIds].sort(), [mine.bookingId, mine.reviewBookingId].sort());
    const eventIds = doc.auditEvents.map((e: { id: string }) => e.id);
    t.true(eventIds.length >= 5, `${eventIds.length} audit events`);
    t.is(new Set(eventIds).size, eventIds.length, 'no audit event twice');
  },
);

test.serial(
  'SEC-PRIV-01 5 exports a day per user: the 6th answers 429 with Retry-After and spends no recovery code',
  async (t) => {
    const who = await x.user();
    for (let i = 1; i <= 5; i += 1) {
      const answer = await x.exportAs(who, { 'X-Recovery-Code': who.codes.shift()! });
      t.is(answer.status, 200, `export ${i}: ${answer.text.slice(0, 200)}`);
    }
    const code = who.codes[0]!;
    const over = await x.exportAs(who, { 'X-Recovery-Code': code });
    t.is(over.status, 429, over.text);
    t.is(over.json.error_code, 'RATE_LIMITED');
    t.truthy(over.headers['retry-after']);
    const left = await x.accounts.models.MfaRecoveryCode.count({ where: { user_id: who.id, used_at: null } });
    t.is(left, who.codes.length, 'the refused request spent no code');
    // Another user's budget is their own.
    const fresh = await x.user();
    t.is((await x.exportAs(fresh, { 'X-Recovery-Code': fresh.codes.shift()! })).status, 200);
  },
);
