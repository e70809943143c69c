import test from 'ava';
import type { Browser } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../api/middleware/security-headers';
import { OPERATION_METHODS, type OpenApiDocument } from '../../api/openapi/types';
import { startApiApp, type ApiApp } from '../helpers/api-app';
import { launchBrowser, watchPage } from '../helpers/browser';

let api: ApiApp;
let browser: Browser;
test.before(async () => {
  api = await startApiApp();
  browser = await launchBrowser();
});
test.after.always(async () => {
  await browser?.close();
  await api?.close();
});

test('SEC-WEB-03 the docs page renders every operation in headless Chromium with no CSP violation or error', async (t) => {
  const document = (await api.send('/api/v1/openapi.json')).json as OpenApiDocument;
  const expected = Object.entries(document.paths)
    .flatMap(([path, item]) =>
      OPERATION_METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
  const page = await browser.newPage();
  const problems = await watchPage(page);
  const answer = await page.goto(`${api.url}/api/docs`);
  t.is(answer?.status(), 200);
  t.is(answer?.headers()['content-security-policy'], CONTENT_SECURITY_POLICY, 'under the API-wide CSP');
  await page.waitForSelector('.opblock-summary', { timeout: 30_000 });
  const rendered = await page.$$eval('.opblock-summary', (blocks) =>
    blocks.map((block) => {
      const method = block.querySelector('.opblock-summary-method')?.textContent ?? '';
      const path = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
      return `${method} ${path}`;
    }),
  );
  t.deepEqual(rendered.sort(), expected, 'every documented operation is on the page');

  // Opening an operation renders its parameters, answers and schemas: more of the stylesheet applies.
  await page.click('.opblock-summary:has([data-path="/readyz"])');
  await page.waitForSelector('.responses-table .response[data-code="503"]', { timeout: 30_000 });
  await page.click('.opblock-summary:has([data-path="/api/docs/assets/images/{name}"])');
  await page.waitForSelector('.parameters select', { timeout: 30_000 });

  t.deepEqual(problems, { cspViolations: [], consoleErrors: [], pageErrors: [], failedRequests: [] });
});
