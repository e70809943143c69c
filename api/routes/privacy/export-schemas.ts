import * as yup from 'yup';
import { openObject } from '../../routing/schema-docs';

/* The export document (services/privacy/export-document.ts), version 1: docs/privacy-export.md. */

const text = () => yup.string().required();
const maybeText = () => yup.string().nullable().defined();
const time = () => yup.string().required().description('ISO 8601 UTC');
const maybeTime = () => yup.string().nullable().defined().description('ISO 8601 UTC, or null');
const minor = () => yup.number().integer().required().description('Integer minor units');
const list = <S extends yup.AnyObjectSchema>(item: S) => yup.array(item.required()).required();
const open = () => openObject(yup.object({})).required();

const account = yup.object({
  id: yup.string().uuid().required(),
  email: maybeText(),
  emailVerifiedAt: maybeTime(),
  role: text(),
  company: yup.object({ id: yup.string().uuid().required(), name: text() }).nullable().defined(),
  createdAt: maybeTime(),
  lockedUntil: maybeTime(),
  profile: yup
    .object({
      fullName: maybeText(),
      phone: maybeText(),
      email: maybeText(),
      dateOfBirth: maybeText(),
      passportNumber: maybeText().description('In full: the owner’s right of access (not masked)'),
    })
    .nullable()
    .defined(),
  mfa: yup.object({
    enabled: yup.boolean().required(),
    confirmedAt: maybeTime(),
    recoveryCodesLeft: yup.number().integer().min(0).required(),
  }),
});

const session = yup.object({
  id: yup.string().uuid().required(),
  device: text(),
  ip: text(),
  createdAt: time(),
  lastSeenAt: time(),
  current: yup.boolean().required(),
});
const knownDevice = yup.object({
  fingerprint: text().description('HMAC of browser and network: the only form stored'),
  firstSeenAt: maybeTime(),
  lastSeenAt: maybeTime(),
});
const sessionHistory = yup.object({
  id: yup.string().uuid().required(),
  startedAt: maybeTime(),
  expiresAt: maybeTime(),
  endedAt: maybeTime(),
  endReason: maybeText(),
  refreshes: yup.number().integer().min(0).required(),
});
const accountToken = yup.object({
  purpose: text(),
  createdAt: maybeTime(),
  expiresAt: maybeTime(),
  usedAt: maybeTime(),
});

const moneyRow = { id: yup.string().uuid().required(), amountMinor: minor() };
const payment = yup.object({
  ...moneyRow,
  currency: text(),
  status: text(),
  failureCode: maybeText(),
  capturedMinor: minor(),
  refundedMinor: minor(),
  card: yup.object({ brand: maybeText(), last4: maybeText() }),
  createdAt: maybeTime(),
  updatedAt: maybeTime(),
  refunds: list(yup.object({ ...moneyRow, status: text(), createdAt: maybeTime(), updatedAt: maybeTime() })),
});
const refundRequest = yup.object({
  ...moneyRow,
  currency: text(),
  reason: text(),
  status: text(),
  decisionReason: maybeText(),
  requestedByYou: yup.boolean().required(),
  createdAt: maybeTime(),
  updatedAt: maybeTime(),
});
const cancellationQuote = yup.object({
  id: yup.string().uuid().required(),
  phase: text(),
  refundMinor: minor(),
  deductionMinor: minor(),
  currency: text(),
  status: text(),
  expiresAt: maybeTime(),
  createdAt: maybeTime(),
  decidedAt: maybeTime(),
  requestedByYou: yup.boolean().required(),
});
const changeCharge = yup.object({
  ...moneyRow,
  currency: text(),
  status: text(),
  refundedOnCancellationMinor: minor(),
  createdAt: maybeTime(),
  updatedAt: maybeTime(),
});
const booking = yup.object({
  id: yup.string().uuid().required(),
  companyId: yup.string().uuid().nullable().defined(),
  status: text(),
  kind: text(),
  supplierConfirmation: maybeText(),
  amountMinor: minor(),
  currency: text(),
  details: open(),
  notes: maybeText(),
  failureReason: maybeText(),
  cancellationPolicy: openObject(yup.object({})).nullable().defined(),
  startsAt: maybeTime(),
  createdAt: maybeTime(),
  updatedAt: maybeTime(),
  passengers: list(
    yup.object({
      firstName: text(),
      lastName: text(),
      dateOfBirth: text(),
      passportNumber: maybeText().description('In full: the owner’s right of access (not masked)'),
    }),
  ),
  payments: list(payment),
  refundRequests: list(refundRequest),
  cancellationQuotes: list(cancellationQuote),
  changeCharges: list(changeCharge),
  cardDeclines: list(yup.object({ code: text(), declinedAt: maybeTime() })),
});
const rating = () => yup.number().integer().nullable().defined();
const review = yup.object({
  id: yup.string().uuid().required(),
  bookingId: yup.string().uuid().required(),
  kind: text(),
  hotelId: maybeText(),
  origin: maybeText(),
  destination: maybeText(),
  ratings: yup.object({
    overall: yup.number().integer().required(),
    cleanliness: rating(),
    location: rating(),
    service: rating(),
    value: rating(),
  }),
  title: text(),
  text: text(),
  status: text(),
  moderationReason: maybeText(),
  moderatedAt: maybeTime(),
  publishedAt: maybeTime(),
  helpfulCount: yup.number().integer().required(),
  createdAt: maybeTime(),
});
const auditEvent = yup.object({
  id: yup.string().uuid().required(),
  type: text(),
  occurredAt: time(),
  outcome: text(),
  actor: yup
    .object({ type: text(), id: yup.string().optional() })
    .description('Another person’s act on you names their role only'),
  originIp: maybeText(),
  resource: yup.object({ type: text(), id: text() }),
  details: open(),
});

export const exportDocumentSchema = yup.object({
  format: yup.string().oneOf(['travelhub.personal-data-export']).required(),
  version: yup.number().oneOf([1]).required(),
  generatedAt: time(),
  userId: yup.string().uuid().required(),
  account: account.required(),
  sessions: list(session).description('Live sessions'),
  knownDevices: list(knownDevice),
  sessionHistory: list(sessionHistory).description('Every session started, from its refresh tokens'),
  accountTokens: list(accountToken),
  bookings: list(booking).description('Oldest first, with passengers, payments and what followed'),
  reviews: list(review),
  reviewReports: list(
    yup.object({ reviewId: text(), reason: text(), status: text(), createdAt: maybeTime() }),
  ),
  helpfulVotes: list(yup.object({ reviewId: text() })),
  paymentBlocks: list(
    yup.object({
      declines: yup.number().integer().required(),
      blockedAt: maybeTime(),
      blockedUntil: maybeTime(),
    }),
  ),
  auditEvents: list(auditEvent).description('What you did, and what was done to your account'),
});

const USER_ID = '0b6b1a53-1f0c-4c55-9d4b-6c1f4e0d2a10';
export const EXAMPLE_EXPORT: yup.InferType<typeof exportDocumentSchema> = {
  format: 'travelhub.personal-data-export',
  version: 1,
  generatedAt: '2026-12-06T09:00:00.000Z',
  userId: USER_ID,
  account: {
    id: USER_ID,
    email: 'ada@example.com',
    emailVerifiedAt: '2026-12-01T09:05:00.000Z',
    role: 'USER',
    company: null,
    createdAt: '2026-12-01T09:00:00.000Z',
    lockedUntil: null,
    profile: {
      fullName: 'Ada Lovelace',
      phone: null,
      email: 'ada@example.com',
      dateOfBirth: null,
      passportNumber: null,
    },
    mfa: { enabled: true, confirmedAt: '2026-12-01T09:10:00.000Z', recoveryCodesLeft: 9 },
  },
  sessions: [],
  knownDevices: [],
  sessionHistory: [],
  accountTokens: [],
  bookings: [],
  reviews: [],
  reviewReports: [],
  helpfulVotes: [],
  paymentBlocks: [],
  auditEvents: [],
};
