import * as yup from 'yup';
import {
  cancellationPolicyField,
  count,
  currency,
  isoDateTime,
  minorAmount,
  supplierText,
} from './answer-fields';

/**
 * The shapes of the suppliers' answers to quotes and hold mutations (SEC-SUP-03). Fields the
 * platform does not know are ignored: only the fields below are ever read or passed on.
 */
const ID = /^[A-Za-z0-9_-]+$/;

export const quoteAnswer = yup.object({
  available: yup.boolean().strict().required(),
  total_minor: minorAmount(),
  currency: currency(),
});

export const holdAnswer = yup.object({
  hold_id: supplierText(64, ID),
  status: yup
    .string()
    .strict()
    .required()
    .oneOf(['held', 'confirmed', 'released', 'expired', 'cancelled'] as const),
  total_minor: minorAmount(),
  currency: currency(),
  expires_at: isoDateTime(),
  confirmation_code: supplierText(64, ID).defined().nullable(),
  /** When the stay or flight starts, and the terms a cancellation before then is priced on. */
  starts_at: isoDateTime().test(
    'real-time',
    'starts_at is not a real time',
    (v) => !Number.isNaN(Date.parse(v)),
  ),
  cancellation_policy: cancellationPolicyField(),
  cancellation: yup
    .object({ fee_minor: minorAmount(), refund_minor: minorAmount() })
    .strict()
    .defined()
    .nullable()
    .default(null),
});

export const releaseAnswer = yup.object({
  released: yup.boolean().strict().required(),
  hold: yup
    .object({ hold_id: supplierText(64, ID) })
    .strict()
    .defined()
    .nullable()
    .default(null),
});

/** A supplier's error body: only its code is read, and only when it looks like one. */
export const errorAnswer = yup.object({ error_code: supplierText(64, /^[A-Z_]+$/) });

export const pageEnvelope = yup.object({
  items: yup.array().strict().required().max(1000),
  next_cursor: supplierText(64, /^[A-Za-z0-9_-]+$/)
    .defined()
    .nullable(),
  total: count(10_000_000),
  availability_start: supplierText(10, /^\d{4}-\d{2}-\d{2}$/),
  days: count(366),
});
