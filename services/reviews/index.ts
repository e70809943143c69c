export type { ReviewOrigin, ReviewsDeps } from './deps';
export { submitReview } from './submit-review';
export { publishReview, rejectReview } from './moderate-review';
export { reportReview, type ReviewReportView } from './report-review';
export { markHelpful, type HelpfulView } from './helpful-vote';
export {
  listReviews,
  MAX_REVIEW_PAGE,
  MAX_REVIEW_PAGE_SIZE,
  REVIEW_SORTS,
  type PublicReview,
  type PublicReviewPage,
  type ReviewSort,
} from './list-reviews';
export {
  moderationQueue,
  MODERATION_QUEUES,
  type ModerationQueue,
  type QueuedReview,
} from './moderation-queue';
export { publicName } from './reviewer-names';
export {
  HOTEL_CATEGORIES,
  REVIEW_REASONS,
  REVIEW_TEXT_MAX,
  REVIEW_TITLE_MAX,
  reviewBody,
  type ReviewBody,
  type ReviewReason,
} from './review-input';
export type { ReviewView } from './review-view';
