import type { HotelCategory } from './review-input';

/** A `reviews` row as the services read it. */
export interface ReviewRow {
  id: string;
  booking_id: string;
  user_id: string;
  kind: 'hotel' | 'flight';
  hotel_id: string | null;
  origin: string | null;
  destination: string | null;
  overall: number;
  cleanliness: number | null;
  location: number | null;
  service: number | null;
  value: number | null;
  title: string;
  body: string;
  status: ReviewStatus;
  moderation_reason: string | null;
  published_at: Date | null;
  helpful_count: number;
  created_at: Date;
}

export type ReviewStatus = 'pending' | 'published' | 'rejected';

/** The review as its author and moderators see it: no names, ids only. */
export interface ReviewView {
  id: string;
  bookingId: string;
  kind: 'hotel' | 'flight';
  hotelId: string | null;
  route: { origin: string; destination: string } | null;
  overall: number;
  categories: Record<HotelCategory, number> | null;
  title: string;
  text: string;
  status: ReviewStatus;
  rejectionReason: string | null;
  helpfulCount: number;
  createdAt: string;
  publishedAt: string | null;
}

export function categoriesOf(r: ReviewRow): Record<HotelCategory, number> | null {
  if (r.kind !== 'hotel') return null;
  return {
    cleanliness: Number(r.cleanliness),
    location: Number(r.location),
    service: Number(r.service),
    value: Number(r.value),
  };
}

export function reviewView(r: ReviewRow): ReviewView {
  return {
    id: r.id,
    bookingId: r.booking_id,
    kind: r.kind,
    hotelId: r.hotel_id,
    route: r.origin && r.destination ? { origin: r.origin, destination: r.destination } : null,
    overall: Number(r.overall),
    categories: categoriesOf(r),
    title: r.title,
    text: r.body,
    status: r.status,
    rejectionReason: r.status === 'rejected' ? r.moderation_reason : null,
    helpfulCount: Number(r.helpful_count),
    createdAt: new Date(r.created_at).toISOString(),
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
  };
}
