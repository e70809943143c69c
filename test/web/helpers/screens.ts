import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { axeFindings } from './shop-page';

export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'docs', 'screenshots');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Every screen's axe findings of the run, by screen name (serious and critical only). */
export type ScreenFindings = Record<string, string[]>;

/**
 * One screen of the customer's walk: its axe-core findings (top page, and the card frame when one
 * is on screen) recorded under `name`, and screenshots at desktop and phone width in
 * docs/screenshots (linked from the README).
 */
export async function checkScreen(page: Page, name: string, findings: ScreenFindings): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const found = await axeFindings(page);
  const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().includes('/card?'));
  if (frame) found.push(...(await axeFindings(frame)).map((f) => `card frame: ${f}`));
  findings[name] = found;
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}
