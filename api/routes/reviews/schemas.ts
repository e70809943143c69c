import * as yup from 'yup';
import {
  MAX_REVIEW_PAGE,
  MAX_REVIEW_PAGE_SIZE,
  MODERATION_QUEUES,
  REVIEW_REASONS,
  REVIEW_SORTS,
} from '../../../services/reviews';

export const EXAMPLE_REVIEW_ID = '3d6f1c2a-8b4e-4f7a-9c1d-2e3f4a5b6c7d';
const EXAMPLE_BOOKING_ID = '7c1e4a2b-9d3f-4e8a-b6c5-1f2e3d4c5b6a';

const int = () => yup.number().integer().required();
const str = () => yup.string().required();
const categories = yup
  .object({ cleanliness: int(), location: int(), service: int(), value: int() })
  .nullable()
  .defined();

export const reasonBody = yup.object({
  reason: yup
    .string()
    .strict()
    .oneOf([...REVIEW_REASONS])
    .required(),
});

export const hotelParams = yup.object({
  hotelId: yup
    .string()
    .strict()
    .matches(/^[A-Za-z0-9_-]{1,64}$/, 'hotelId must be a hotel id')
    .required(),
});

const iata = () =>
  yup
    .string()
    .strict()
    .matches(/^[A-Z]{3}$/, '${path} must be an IATA code (3 capitals)')
    .required();
export const routeParams = yup.object({ origin: iata(), destination: iata() });

const whole = (max: number) =>
  yup
    .string()
    .strict()
    .matches(/^[1-9][0-9]{0,2}$/, '${path} must be a whole number')
    .test('max', `\${path} must be at most ${max}`, (v) => v === undefined || Number(v) <= max);

export const listQuery = yup.object({
  sort: yup
    .string()
    .strict()
    .oneOf(REVIEW_SORTS)
    .description('newest (default) or helpful: most helpful first'),
  page: whole(MAX_REVIEW_PAGE).description(`Page number from 1, at most ${MAX_REVIEW_PAGE}`),
  limit: whole(MAX_REVIEW_PAGE_SIZE).description(`Page size, default 20, at most ${MAX_REVIEW_PAGE_SIZE}`),
});

export const queueQuery = yup.object({
  queue: yup.string().strict().oneOf(MODERATION_QUEUES).required(),
});

export const reviewAnswer = yup.object({
  id: yup.string().uuid().required(),
  bookingId: yup.string().uuid().required(),
  kind: str(),
  hotelId: yup.string().nullable().defined(),
  route: yup.object({ origin: str(), destination: str() }).nullable().defined(),
  overall: int(),
  categories,
  title: str().description('Plain text, returned exactly as written (a JSON string, never markup)'),
  text: str().description('Plain text, returned exactly as written'),
  status: str(),
  rejectionReason: yup.string().nullable().defined(),
  helpfulCount: int(),
  createdAt: str(),
  publishedAt: yup.string().nullable().defined(),
});

export const EXAMPLE_REVIEW = {
  id: EXAMPLE_REVIEW_ID,
  bookingId: EXAMPLE_BOOKING_ID,
  kind: 'hotel',
  hotelId: 'H00042',
  route: null,
  overall: 4,
  categories: { cleanliness: 5, location: 4, service: 4, value: 3 },
  title: 'Quiet room, great breakfast',
  text: 'The staff were kind and the room was quiet.',
  status: 'pending',
  rejectionReason: null,
  helpfulCount: 0,
  createdAt: '2026-12-06T07:00:00.000Z',
  publishedAt: null,
};

export const queueAnswer = yup.object({
  reviews: yup
    .array(
      reviewAnswer
        .shape({
          openReports: yup
            .object(Object.fromEntries(REVIEW_REASONS.map((reason) => [reason, int()])))
            .required()
            .description('Open abuse reports, by reason code'),
        })
        .required(),
    )
    .required(),
});

export const reportAnswer = yup.object({
  reportId: yup.string().uuid().required(),
  reviewId: yup.string().uuid().required(),
  reason: str(),
  status: str(),
});

export const helpfulAnswer = yup.object({ reviewId: yup.string().uuid().required(), helpfulCount: int() });

export const publicPage = yup.object({
  summary: yup
    .object({ average: yup.number().nullable().defined(), count: int() })
    .required()
    .description('All published reviews: their average overall rating (null without any) and count'),
  reviews: yup
    .array(
      yup
        .object({
          id: yup.string().uuid().required(),
          overall: int(),
          categories,
          title: str(),
          text: str(),
          reviewer: str().description('First name and the last name’s initial only, e.g. "Ana P."'),
          helpfulCount: int(),
          publishedAt: str(),
        })
        .required(),
    )
    .required(),
  page: int(),
  limit: int(),
});

export const EXAMPLE_PAGE = {
  summary: { average: 4.25, count: 12 },
  reviews: [
    {
      id: EXAMPLE_REVIEW_ID,
      overall: 4,
      categories: { cleanliness: 5, location: 4, service: 4, value: 3 },
      title: 'Quiet room, great breakfast',
      text: 'The staff were kind and the room was quiet.',
      reviewer: 'Ana P.',
      helpfulCount: 3,
      publishedAt: '2026-12-06T07:00:00.000Z',
    },
  ],
  page: 1,
  limit: 20,
};
