import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { mailText, sinkMessagesTo } from '../../helpers/smtp-sink';

/** The verification token of the newest mail to `email` in the stack's SMTP sink (bounded by count). */
export async function verificationToken(email: string): Promise<string> {
  for (let i = 0; i < 600; i += 1) {
    for (const message of sinkMessagesTo(email).reverse()) {
      const token = /#verify-email=([A-Za-z0-9_-]{43})/.exec(mailText(message.raw))?.[1];
      if (token) return token;
    }
    await sleep(200);
  }
  throw new Error(`no verification mail reached the sink for ${email}`);
}

export async function fill(page: Page, form: string, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await page.fill(`#${form} [name="${name}"]`, value);
}

/** Types a card into the card frame's own inputs, as a customer does (the shop page never has them). */
export async function typeCard(
  page: Page,
  card: { number: string; expiry: string; cvc: string },
): Promise<void> {
  const frame = page.frameLocator('iframe.card-frame');
  await frame.getByLabel('Card number').pressSequentially(card.number);
  await frame.getByLabel('Expiry date (MM/YY)').pressSequentially(card.expiry);
  await frame.getByLabel('Security code (CVC)').pressSequentially(card.cvc);
}

/** Submits the booking form (its card typed) and waits until the booking shows `status`. */
export async function submitBooking(page: Page, status: string): Promise<void> {
  await page.click('#booking-form button[type="submit"]');
  await page.waitForSelector(`#booking-status[data-status="${status}"]`);
}

/** From the booking's status screen to its detail page, once that shows `status`. */
export async function seeBooking(page: Page, status: string): Promise<void> {
  await page.getByRole('link', { name: 'See the booking' }).click();
  await page.waitForSelector(`#booking-detail[data-status="${status}"]`);
}

/** The flight search's results page for `flight` and `passengers`, once it shows a result. */
export async function openFlightResults(
  page: Page,
  appUrl: string,
  flight: Record<string, string>,
  passengers: number,
): Promise<void> {
  await page.goto(
    `${appUrl}/app#/flights?${new URLSearchParams({ ...flight, passengers: String(passengers) })}`,
  );
  await page.waitForSelector('.results.flights .result');
}

/** Search, pick the first hotel, fill the guests: the booking form is on screen with its frame. */
export async function openBookingForm(page: Page, appUrl: string, city: string): Promise<void> {
  await page.goto(`${appUrl}/app#/search`);
  await page.waitForSelector('body[data-ready="true"]');
  await fill(page, 'hotel-search', { city, guests: '1' });
  await page.click('#hotel-search button[type="submit"]');
  await page.waitForSelector('.result');
  await page.locator('.result button').first().click();
  await page.waitForSelector('#booking-form');
  await page.frameLocator('iframe.card-frame').getByLabel('Card number').waitFor();
}

/**
 * A new customer through the web app: sign-up, the verification link from the SMTP sink, sign-in.
 * `screen` is called on the sign-up and sign-in screens (axe and screenshots).
 */
export async function signUpAndIn(
  page: Page,
  appUrl: string,
  who: { email: string; password: string; fullName: string },
  screen: (name: string) => Promise<void> = async () => {},
): Promise<void> {
  await page.goto(`${appUrl}/app#/signup`);
  await page.waitForSelector('body[data-ready="true"]');
  await screen('signup');
  await fill(page, 'signup-form', who);
  await page.click('#signup-form button[type="submit"]');
  await page.waitForSelector('#signup-done:not([hidden])');
  await page.goto(`${appUrl}/app#verify-email=${await verificationToken(who.email)}`);
  await page.getByRole('heading', { name: 'Email address verified' }).waitFor();
  await page.goto(`${appUrl}/app#/signin`);
  await page.waitForSelector('#signin-form');
  await screen('signin');
  await fill(page, 'signin-form', { email: who.email, password: who.password });
  await page.click('#signin-form button[type="submit"]');
  await page.waitForSelector('body[data-signed-in="true"][data-screen="Find a hotel"]');
}

/**
 * A flight of the search indices under `indexPrefix` (the web stack's own) 5 to 20 days ahead
 * with seats for `seats`: origin, destination, local day.
 */
export async function someFlight(
  seats: number,
  indexPrefix: string,
): Promise<{ origin: string; destination: string; date: string }> {
  const url = process.env.OPENSEARCH_URL;
  if (!url) throw new Error('OPENSEARCH_URL is not set: run through scripts/with-env.sh');
  const res = await fetch(`${url}/${indexPrefix}-flights*/_search?size=1`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      query: {
        bool: {
          filter: [
            { range: { departure_at: { gte: 'now+5d', lte: 'now+20d' } } },
            { range: { seats_left: { gte: seats + 2 } } },
          ],
        },
      },
      _source: ['origin', 'destination', 'departure_at'],
    }),
  });
  const hit = ((await res.json()) as { hits: { hits: { _source: Record<string, string> }[] } }).hits.hits[0];
  if (!hit) throw new Error('the search index holds no flight 5 to 20 days ahead');
  const { origin, destination, departure_at: departure } = hit._source;
  return { origin: origin!, destination: destination!, date: departure!.slice(0, 10) };
}
