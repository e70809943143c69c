import * as yup from 'yup';
import { REFUND_REASONS } from '../../../services/refunds';
import { stepUp } from '../accounts/schemas';

export const EXAMPLE_REFUND_ID = '0b9f8c62-4f6e-4a53-9d0c-8a1f2b3c4d5e';
const EXAMPLE_BOOKING_ID = '7c1e4a2b-9d3f-4e8a-b6c5-1f2e3d4c5b6a';

export const refundRequestBody = yup.object({
  amountMinor: yup
    .number()
    .strict()
    .integer()
    .min(1)
    .max(99_999_999)
    .required()
    .description('Minor units of the booking’s currency; at most what is still refundable'),
  reason: yup
    .string()
    .strict()
    .oneOf([...REFUND_REASONS])
    .required(),
});

export const approveBody = yup.object(stepUp);

export const denyBody = yup.object({
  reason: yup
    .string()
    .strict()
    .matches(/^[a-z0-9_]{1,64}$/, 'reason must be a code of lower-case letters, digits or _')
    .required(),
});

export const refundAnswer = yup.object({
  id: yup.string().uuid().required(),
  bookingId: yup.string().uuid().required(),
  amountMinor: yup.number().integer().required(),
  currency: yup.string().required(),
  reason: yup.string().required(),
  status: yup.string().required(),
  fourEyes: yup.boolean().required(),
  requestedBy: yup.string().required(),
  createdAt: yup.string().required(),
});

export const refundList = yup.object({ refunds: yup.array(refundAnswer.required()).required() });

export const refundState = yup.object({
  refundId: yup.string().uuid().required(),
  status: yup.string().required(),
  escalated: yup.boolean().required(),
});

export const EXAMPLE_REFUND = {
  id: EXAMPLE_REFUND_ID,
  bookingId: EXAMPLE_BOOKING_ID,
  amountMinor: 12_000,
  currency: 'EUR',
  reason: 'service_failure',
  status: 'pending',
  fourEyes: false,
  requestedBy: EXAMPLE_BOOKING_ID,
  createdAt: '2026-12-06T07:00:00.000Z',
};
