import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

/**
 * In the shop page's top frame only (the init script runs in every frame; the card frame is
 * another origin and is left alone): keeps every message the page receives, as its own scripts
 * could.
 */
export const RECORD_SHOP_MESSAGES = `
if (window.top === window) {
  window.__shopMessages = [];
  window.addEventListener('message', (e) => {
    let data;
    try { data = JSON.stringify(e.data); } catch { data = String(e.data); }
    window.__shopMessages.push(e.origin + ' ' + data);
  });
}`;

/**
 * Everything script in the shop page can read right now: its DOM (with the values of its form
 * controls, which outerHTML leaves out), its storage, its cookies as script sees them, and the
 * messages it received.
 */
export async function shopPageReadable(page: Page): Promise<string> {
  return (await page.evaluate(`JSON.stringify({
    html: document.documentElement.outerHTML,
    values: [...document.querySelectorAll('input, textarea, select')].map((e) => e.name + '=' + e.value),
    localStorage: Object.entries(localStorage),
    sessionStorage: Object.entries(sessionStorage),
    cookie: document.cookie,
    title: document.title,
    url: location.href,
    messages: window.__shopMessages || [],
  })`)) as string;
}

/** What the shop page's script gets when it reaches into the card frame: an error name, never DOM. */
export async function readFrameFromShop(page: Page): Promise<string> {
  return (await page.evaluate(`(() => {
    const frame = document.querySelector('iframe.card-frame');
    if (!frame) return 'no frame';
    if (frame.contentDocument !== null) return 'contentDocument readable';
    try {
      return 'read: ' + frame.contentWindow.document.body.innerHTML;
    } catch (e) {
      return e.name;
    }
  })()`)) as string;
}

const AXE = readFileSync(join(require.resolve('axe-core'), '..', 'axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical findings in `target` (the top page without its frames, or the
 * card frame itself). Run through DevTools' evaluate, which the page's CSP does not govern: the
 * pages themselves still run no inline script.
 */
export async function axeFindings(target: Page | Frame): Promise<string[]> {
  await target.evaluate(AXE);
  const json = (await target.evaluate(`axe.run(document, { iframes: false, resultTypes: ['violations'] })
    .then((r) => JSON.stringify(r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' @ ' + v.nodes.map((n) => n.target.join(' ')).join(', '))))`)) as string;
  return JSON.parse(json) as string[];
}
