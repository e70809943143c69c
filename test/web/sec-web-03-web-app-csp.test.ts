import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { buildWebApp } from '../../tools/web-build/build';
import { startApiApp, type ApiApp } from '../helpers/api-app';
import { launchBrowser, watchPage } from '../helpers/browser';

let api: ApiApp;
let browser: Browser;
let foreign: Server;
let foreignUrl: string;
const foreignHits: string[] = [];

test.before(async () => {
  await buildWebApp();
  api = await startApiApp();
  browser = await launchBrowser();
  // Another origin that would happily be framed or scripted: it only counts what reaches it.
  foreign = createServer((req, res) => {
    foreignHits.push(req.url ?? '');
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><p>not the card frame</p>');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

test.after.always(async () => {
  await browser?.close();
  foreign?.close();
  await api?.close();
});

test.serial(
  'SEC-WEB-03 the web app page runs no inline script or style and frames nothing but the card origin (SEC-PAY-01: no other frame can stand in for the card frame)',
  async (t) => {
    const cardOrigin = api.config.webApp.cardFrameOrigin!;
    const page = await browser.newPage();
    const problems = await watchPage(page);
    await page.goto(`${api.url}/app#/search`);
    await page.waitForSelector('body[data-ready="true"]');
    t.deepEqual(problems.cspViolations, [], 'the page itself needs nothing the policy refuses');

    // What an injection would add to the page (DevTools' evaluate only builds the elements).
    await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      const style = document.createElement('style');
      style.textContent = 'body { background: red }';
      document.head.append(style);
      const foreign = document.createElement('iframe');
      foreign.src = ${JSON.stringify(`${foreignUrl}/framed`)};
      document.body.append(foreign);
      const card = document.createElement('iframe');
      card.src = ${JSON.stringify(`${cardOrigin}/healthz`)};
      document.body.append(card);
    })()`);
    await page.waitForFunction(`document.querySelectorAll('iframe').length === 2`);
    // The violations are reported asynchronously: wait for the three, bounded by count.
    for (let i = 0; i < 50 && problems.cspViolations.length < 3; i += 1) await page.waitForTimeout(100);

    t.is(await page.evaluate('window.__inlineRan === true'), false, 'the inline script did not run');
    t.not(await page.evaluate('getComputedStyle(document.body).backgroundColor'), 'rgb(255, 0, 0)');
    t.deepEqual(foreignHits, [], 'the foreign frame was never requested');
    const violations = problems.cspViolations.map((v) => v.replace(/ \(.*\)$/, ''));
    t.true(violations.includes('script-src-elem blocked inline'), violations.join('; '));
    t.true(violations.includes('style-src-elem blocked inline'), violations.join('; '));
    t.true(violations.includes(`frame-src blocked ${foreignUrl}`), violations.join('; '));
    t.false(
      violations.some((v) => v.includes(cardOrigin)),
      'the card origin may be framed',
    );
    await page.close();
  },
);
