import type { BrowserContext, Frame, Page } from 'playwright-core';

/** One message the shop page's recorder saw. */
export interface Seen {
  origin: string;
  data: Record<string, unknown>;
}

/** What the shop page's script received so far (helpers/shop-origin.ts's recorder). */
export async function received(page: Page): Promise<Seen[]> {
  return (await page.evaluate('window.__messages')) as Seen[];
}

/** Waits (bounded by count, not by time) until the shop page received a message matching `match`. */
export async function waitForMessage(page: Page, match: (seen: Seen) => boolean): Promise<Seen> {
  for (let i = 0; i < 200; i += 1) {
    const found = (await received(page)).find(match);
    if (found) return found;
    await page.waitForTimeout(50);
  }
  throw new Error(`no such message; received ${JSON.stringify(await received(page))}`);
}

/** The card frame's own Frame (Playwright reaches into it; page script cannot). */
export async function cardFrameOf(page: Page, cardOrigin: string): Promise<Frame> {
  for (let i = 0; i < 200; i += 1) {
    const frame = page.frames().find((f) => f.url().startsWith(`${cardOrigin}/card`));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(
    `no card frame in ${page
      .frames()
      .map((f) => f.url())
      .join(', ')}`,
  );
}

export async function typeCard(frame: Frame, card: { number: string; expiry: string; cvc: string }) {
  await frame.getByLabel('Card number').fill(card.number);
  await frame.getByLabel('Expiry date (MM/YY)').fill(card.expiry);
  await frame.getByLabel('Security code (CVC)').fill(card.cvc);
}

/** The shop page's script asking the frame for something, as the web app does. */
export async function askFrame(page: Page, cardOrigin: string, message: Record<string, unknown>) {
  await page.evaluate(
    `document.getElementById('card').contentWindow.postMessage(${JSON.stringify({ source: 'th-card', ...message })}, ${JSON.stringify(cardOrigin)})`,
  );
}

/**
 * From now on the card frame keeps every message event it is dispatched (after its own listener,
 * which runs first), so a test can know a message was handled without waiting on a clock.
 */
export async function recordFrameMessages(frame: Frame) {
  await frame.evaluate(`window.__delivered = [];
    window.addEventListener('message', (e) => window.__delivered.push({ origin: e.origin, data: e.data }));`);
}

export async function waitUntilDelivered(frame: Frame, requestId: string) {
  for (let i = 0; i < 200; i += 1) {
    const delivered = (await frame.evaluate('window.__delivered')) as { data: { requestId?: string } }[];
    if (delivered.some((d) => d.data?.requestId === requestId)) return;
    await frame.waitForTimeout(50);
  }
  throw new Error(`message ${requestId} never reached the card frame`);
}

/**
 * Requests to the card frame's PaymentMethod route are held, never answered: once the frame
 * asked, its status line stays "Checking the card…", so a test can see it did without a race.
 */
export async function holdPaymentMethodCalls(context: BrowserContext, cardOrigin: string): Promise<string[]> {
  const calls: string[] = [];
  await context.route(`${cardOrigin}/v1/payment_methods`, (route) => {
    calls.push(route.request().url());
  });
  return calls;
}
