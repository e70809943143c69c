import type { BatchedPurgeResult } from './batched-purge';

/** What every retention activity receives: the run's clock, from the workflow (never read here). */
export interface RetentionStepInput {
  /** Epoch ms: the workflow's input `nowMs`, else its start time. */
  nowMs: number;
}

/** A batched retention step's result: the batched purge's counts and the cutoff it applied. */
export interface RetentionStepResult extends BatchedPurgeResult {
  /** ISO 8601: what is older than this (or, for bookings, whose trip ended before it) was removed. */
  cutoff: string;
}

/** The clock of a step's input as a Date; a malformed one is a bug of the caller. */
export function clockOf(input: RetentionStepInput): Date {
  if (!Number.isSafeInteger(input?.nowMs) || input.nowMs < 0) throw new Error('nowMs must be epoch ms');
  return new Date(input.nowMs);
}

/** `now` minus whole calendar years, months and days (UTC), as the periods in SECURITY.md read. */
export function before(now: Date, { years = 0, months = 0, days = 0 }): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years, d.getUTCMonth() - months, d.getUTCDate() - days);
  return d;
}
