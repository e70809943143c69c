import test from 'ava';
import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { QueryTypes } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import { createBooking, type BookingResult } from '../../services/bookings';
import type { Role } from '../../lib/rbac';
import { createPaymentMethod, TEST_CARDS } from '../payments/helpers/stripe-stack';
import { flightBooking, flightPicker } from '../bookings/helpers/booking-body';
import { sagaHarness, type SagaHarness } from '../bookings/helpers/saga-harness';
import { launchBrowser } from '../helpers/browser';
import { httpRequest } from '../helpers/http-request';
import { createUser, enrolMfa } from '../accounts/helpers/accounts-data';
import { startCodecUiApp, type CodecUiApp } from './helpers/codec-ui-app';

const SEALED_ENCODING = Buffer.from('binary/encrypted').toString('base64');
/** Above ava's 120 s default: a saga and a browser page on a loaded 2-core machine. */
const TEST_TIMEOUT_MS = 600_000;
/** Generous on a loaded 2-core machine: these bound DOM waits, they are never assertions. */
const PAGE_WAIT_MS = 180_000;

let h: SagaHarness;
let app: CodecUiApp;
let browser: Browser;
let uiUrl: string;
let booked: { workflowId: string; runId: string; bookingId: string; paymentMethodId: string };

/** A confirmed booking made by the platform (createBooking, the four pools' workers). */
test.before(async (t) => {
  t.timeout(TEST_TIMEOUT_MS);
  const ui = process.env.TEMPORAL_UI_URL;
  if (!ui) throw new Error('TEMPORAL_UI_URL is not set: run through scripts/with-env.sh');
  uiUrl = new URL(ui).origin;
  h = await sagaHarness();
  app = await startCodecUiApp(h);
  browser = await launchBrowser();
  const pick = await flightPicker(h);
  const paymentMethodId = await createPaymentMethod(TEST_CARDS.succeeds);
  const actor = await h.customer();
  const accepted = await createBooking(
    h.deps(),
    actor,
    flightBooking(pick(), paymentMethodId),
    randomUUID(),
    {
      ip: '203.0.113.31',
    },
  );
  const booking = (await bookingModels(h.sequelize).Booking.findByPk(accepted.id))!;
  const handle = h.client.workflow.getHandle(booking.workflow_id);
  const result = (await handle.result()) as BookingResult;
  if (result.status !== 'CONFIRMED') throw new Error(`the booking ended ${result.status}`);
  const { runId } = await handle.describe();
  booked = { workflowId: booking.workflow_id, runId, bookingId: booking.id, paymentMethodId };
});

test.after.always(async () => {
  await browser?.close();
  await app?.close();
  await h?.close();
});

/** Signs in on TravelHub's own sign-in page (cookies), TOTP for the roles that need it. */
async function signIn(context: BrowserContext, role: Role): Promise<{ id: string; page: Page }> {
  const user = await createUser(app.accounts, { role });
  const mfa = role === 'PLATFORM_ADMIN' ? await enrolMfa(app.accounts, user) : undefined;
  const page = await context.newPage();
  await page.goto(`${app.url}/signin`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: PAGE_WAIT_MS });
  await page.fill('#login-form [name="email"]', user.email);
  await page.fill('#login-form [name="password"]', user.password);
  if (mfa) {
    // The enrolment spent the current step; the next one is inside the drift window.
    const code = await generate({ secret: mfa.secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    await page.fill('#login-form [name="mfaCode"]', code);
  }
  await page.click('#login-form button[type="submit"]');
  await page.waitForSelector('#signed-in:not([hidden])', { timeout: PAGE_WAIT_MS });
  return { id: user.id, page };
}

/**
 * The Temporal UI's own per-browser "Codec Server" settings (its settings dialog writes the same
 * localStorage keys): this test's API as the endpoint, overriding the cluster's, with
 * "include cross-origin credentials" on so the browser sends the TravelHub session cookies.
 */
async function useCodecInUi(context: BrowserContext): Promise<void> {
  const settings = {
    endpoint: `${app.url}/api/v1/temporal/codec`,
    overrideRemoteCodecConfiguration: true,
    includeCredentials: true,
    passAccessToken: false,
  };
  await context.addInitScript({
    content: `if (location.origin === ${JSON.stringify(uiUrl)}) {
      for (const [k, v] of Object.entries(${JSON.stringify(settings)})) localStorage.setItem(k, JSON.stringify(v));
    }`,
  });
}

/** Opens the booking's workflow page in the UI; resolves with the page and the first decode answer. */
async function openWorkflow(context: BrowserContext) {
  const page = await context.newPage();
  const decoded = page.waitForResponse(
    (r) => r.url() === `${app.url}/api/v1/temporal/codec/decode` && r.request().method() === 'POST',
    { timeout: PAGE_WAIT_MS },
  );
  await page.goto(
    `${uiUrl}/namespaces/${h.config.temporal.namespace}/workflows/${booked.workflowId}/${booked.runId}/history`,
    { timeout: PAGE_WAIT_MS },
  );
  return { page, firstDecode: await decoded };
}

const pageText = (page: Page) => page.evaluate('document.body.innerText') as Promise<string>;
/** A page condition as a string: the test project compiles without the DOM library. */
const textShows = (text: string) => `document.body.innerText.includes(${JSON.stringify(text)})`;

test.serial(
  'SEC-LOG-03 an operator with reveal_pii signed in to TravelHub sees a booking input decoded in the Temporal UI, audited',
  async (t) => {
    t.timeout(TEST_TIMEOUT_MS);
    const context = await browser.newContext();
    t.teardown(() => context.close());
    await useCodecInUi(context);
    const admin = await signIn(context, 'PLATFORM_ADMIN');
    const { page, firstDecode } = await openWorkflow(context);
    t.is(firstDecode.status(), 200);
    // The PaymentMethod id is only in the sealed input (no search attribute holds it).
    await page.waitForFunction(textShows(booked.paymentMethodId), undefined, { timeout: PAGE_WAIT_MS });
    t.true((await pageText(page)).includes(booked.paymentMethodId));
    const rows = await h.sequelize.query<{ actor_id: string; outcome: string }>(
      "SELECT DISTINCT actor_id, outcome FROM audit_events WHERE event_type = 'pii.revealed'",
      { type: QueryTypes.SELECT },
    );
    t.deepEqual(rows, [{ actor_id: admin.id, outcome: 'success' }]);
  },
);

test.serial(
  'SEC-DATA-05 a customer signed in to TravelHub sees only ciphertext in the Temporal UI, and the refusal is audited',
  async (t) => {
    t.timeout(TEST_TIMEOUT_MS);
    const context = await browser.newContext();
    t.teardown(() => context.close());
    await useCodecInUi(context);
    const customer = await signIn(context, 'USER');
    const { page, firstDecode } = await openWorkflow(context);
    t.is(firstDecode.status(), 403);
    // The page has drawn the workflow (its BookingId search attribute), the payloads as stored.
    // The history drawn with its payloads as stored: base64 of the encoding `binary/encrypted`.
    await page.waitForFunction(textShows(SEALED_ENCODING), undefined, { timeout: PAGE_WAIT_MS });
    t.false((await pageText(page)).includes(booked.paymentMethodId));
    const denied = await h.sequelize.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_events WHERE event_type = 'authz.access_denied' AND actor_id = :id",
      { type: QueryTypes.SELECT, replacements: { id: customer.id } },
    );
    t.true(Number(denied[0]!.n) >= 1);
  },
);

/** The admin's TravelHub cookies, as their browser holds them, for requests this test shapes itself. */
async function adminCookies(): Promise<string> {
  const context = await browser.newContext();
  try {
    await signIn(context, 'PLATFORM_ADMIN');
    const cookies = await context.cookies(app.url);
    return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  } finally {
    await context.close();
  }
}

const OTHER_ORIGIN = 'http://127.0.0.1:9';

test.serial(
  'SEC-WEB-01 with session cookies the codec route takes only the Temporal UI origin instead of the CSRF token',
  async (t) => {
    t.timeout(TEST_TIMEOUT_MS);
    const cookie = await adminCookies();
    const decode = (headers: Record<string, string>) =>
      httpRequest(app.url, {
        method: 'POST',
        path: '/api/v1/temporal/codec/decode',
        headers: { 'content-type': 'application/json', 'x-namespace': 'default', cookie, ...headers },
        body: JSON.stringify({ payloads: [] }),
      });
    const fromUi = await decode({ origin: uiUrl, 'sec-fetch-site': 'same-site' });
    t.is(fromUi.status, 200, fromUi.text);
    const refusedHeaders: Record<string, string>[] = [
      { origin: OTHER_ORIGIN, 'sec-fetch-site': 'same-site' },
      { origin: `${uiUrl}.evil.example` },
      { origin: 'null' },
      // TravelHub's own origin passes SEC-WEB-01's origin check, but it must bring the token here.
      { origin: app.url, 'sec-fetch-site': 'same-origin' },
      {},
    ];
    for (const headers of refusedHeaders) {
      const refused = await decode(headers);
      t.is(refused.status, 403, JSON.stringify(headers));
      t.is(refused.json.error_code, 'CSRF_REFUSED');
    }
    const refusals = await h.sequelize.query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_events WHERE event_type = 'csrf.refused'",
      { type: QueryTypes.SELECT },
    );
    t.is(Number(refusals[0]!.n), 5);
  },
);

test.serial(
  'SEC-WEB-02 the codec route answers CORS with credentials to the Temporal UI origin only',
  async (t) => {
    const preflight = (origin: string) =>
      httpRequest(app.url, {
        method: 'OPTIONS',
        path: '/api/v1/temporal/codec/decode',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const ui = await preflight(uiUrl);
    t.is(ui.status, 204);
    t.is(ui.headers['access-control-allow-origin'], uiUrl);
    t.is(ui.headers['access-control-allow-credentials'], 'true');
    t.regex(String(ui.headers['access-control-allow-headers']), /X-Namespace/i);
    const other = await preflight(OTHER_ORIGIN);
    t.is(other.headers['access-control-allow-origin'], undefined);
    t.is(other.headers['access-control-allow-credentials'], undefined);
    // The UI origin gets nothing from any other route.
    const elsewhere = await httpRequest(app.url, { path: '/healthz', headers: { origin: uiUrl } });
    t.is(elsewhere.headers['access-control-allow-origin'], undefined);
  },
);
