import * as yup from 'yup';
import { errors } from '../../lib/errors';
import { isPlainText, plainText } from '../../lib/text/plain-text';

/*
 * What a review may say (issue 18.1): an overall rating 1-5, the four hotel categories for a
 * stay (none for a flight), a one-line title and a text. Both are plain text, the platform's one
 * rule (lib/text/plain-text.ts, SEC-WEB-04): markup is refused, never stripped or rendered. The
 * text's bound is SEC-VAL-02's free text (2,000).
 */
export const REVIEW_TITLE_MAX = 120;
export const REVIEW_TEXT_MAX = 2_000;
export const HOTEL_CATEGORIES = ['cleanliness', 'location', 'service', 'value'] as const;
export type HotelCategory = (typeof HOTEL_CATEGORIES)[number];
/** Why a review is reported or rejected: codes, never free text. */
export const REVIEW_REASONS = ['spam', 'offensive', 'off_topic', 'personal_data', 'fake', 'other'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export interface ReviewBody {
  overall: number;
  categories?: Record<HotelCategory, number>;
  title: string;
  text: string;
}

const stars = () => yup.number().strict().integer().min(1).max(5).required();
const NOT_BLANK = /\S/;

export const reviewBody: yup.ObjectSchema<ReviewBody> = yup.object({
  overall: stars(),
  categories: yup
    .object({ cleanliness: stars(), location: stars(), service: stars(), value: stars() })
    .default(undefined)
    .optional(),
  title: plainText(REVIEW_TITLE_MAX).required().matches(NOT_BLANK, '${path} must not be blank'),
  text: plainText(REVIEW_TEXT_MAX, { multiline: true })
    .required()
    .matches(NOT_BLANK, '${path} must not be blank'),
});

const isStars = (v: unknown) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5;

function assertText(field: string, value: unknown, max: number, multiline: boolean): void {
  if (typeof value !== 'string' || value.length > max || !NOT_BLANK.test(value)) {
    throw errors.validation(`${field} must be 1 to ${max} characters`, { field });
  }
  if (!isPlainText(value, multiline))
    throw errors.validation(`${field} must be plain text without markup`, { field });
}

/**
 * The same rules in the service, whoever calls it (the route's schema ran already for HTTP), plus
 * the one the schema cannot know: categories are given for a stay and only for a stay.
 */
export function assertReviewBody(body: ReviewBody, kind: 'hotel' | 'flight'): void {
  if (!isStars(body.overall)) throw errors.validation('overall must be 1 to 5', { field: 'overall' });
  assertText('title', body.title, REVIEW_TITLE_MAX, false);
  assertText('text', body.text, REVIEW_TEXT_MAX, true);
  if (kind === 'flight' && body.categories !== undefined) {
    throw errors.validation('a flight review has no categories', { field: 'categories' });
  }
  if (kind === 'hotel' && !HOTEL_CATEGORIES.every((c) => isStars(body.categories?.[c]))) {
    throw errors.validation(`a stay's review rates ${HOTEL_CATEGORIES.join(', ')}, each 1 to 5`, {
      field: 'categories',
    });
  }
}
