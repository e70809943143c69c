/** Money and dates as people read them. */

export function money(minor: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
}

/** A major-unit amount string of the API (`"249.90"`) with its currency. */
export function amount(major: string, currency: string): string {
  return money(Math.round(Number(major) * 100), currency);
}

export function day(iso: string): string {
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

export function moment(iso: string): string {
  return (
    new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
      new Date(iso),
    ) + ' UTC'
  );
}

/** The terms of a search result or booking, in one sentence. */
export function cancellationTerms(terms: { freeUntil: string; lateDeductionPercent: number }): string {
  return `Free cancellation until ${moment(terms.freeUntil)}; after that ${terms.lateDeductionPercent}% of the price is kept.`;
}

/** `YYYY-MM-DD`, `days` from today (UTC). */
export function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
