import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { findOneByBlindIndex } from '../../db/encrypted';
import { launchBrowser, watchPage, type PageProblems } from '../helpers/browser';
import { identityApp } from './helpers/identity-app';
import { newEmail, strongPassword } from './helpers/accounts-data';
import { emailWorkers, mailBody } from './helpers/email-workers';

const app = identityApp('signin-page', { dispatch: () => mail.dispatch() });
const mail = emailWorkers(() => app);
let browser: Browser;
let attacker: Server;
let attackerUrl: string;

test.serial.before(async () => {
  browser = await launchBrowser();
  // Another origin (other port): a page whose form posts to the API, submitted by its script.
  attacker = createServer((req, res) => {
    if (req.url === '/submit.js') {
      res.setHeader('Content-Type', 'text/javascript');
      res.end("document.getElementById('f').submit();");
      return;
    }
    res.setHeader('Content-Type', 'text/html');
    res.end(
      `<!doctype html><form id="f" method="POST" action="${app.url}/api/v1/auth/mfa/enrolment">` +
        '<input name="x" value="1"></form><script src="/submit.js"></script>',
    );
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});

test.after.always(async () => {
  await browser?.close();
  attacker?.close();
});

async function fillAndSubmit(page: Page, form: string, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) await page.fill(`#${form} [name="${name}"]`, value);
  await page.click(`#${form} button[type="submit"]`);
}

/** Waits (bounded by count, not by time) until the page's status line matches. */
async function statusSays(page: Page, text: RegExp): Promise<void> {
  let last = '';
  for (let i = 0; i < 100; i += 1) {
    last = (await page.textContent('#status')) ?? '';
    if (text.test(last)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`status says "${last}", not ${text}`);
}

const noProblems = (problems: PageProblems) => [...problems.cspViolations, ...problems.pageErrors];

test.serial(
  'issue 7 point 10: signup → verify by email → login → MFA → logout in headless Chromium',
  async (t) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watchPage(page);
    const email = newEmail('browser');
    const password = strongPassword();

    await page.goto(`${app.url}/signin`);
    await page.waitForSelector('body[data-ready="true"]');
    await fillAndSubmit(page, 'signup-form', { fullName: 'Hedy Lamarr', email, password });
    await statusSays(page, /verification email is on its way/);

    const message = await mail.deliveredMail(app.dispatched.at(-1)!, email);
    const token = /#verify-email=([A-Za-z0-9_-]{43})/.exec(mailBody(message.raw))![1];
    await page.goto(`${app.url}/signin#verify-email=${token}`);
    await statusSays(page, /Email address verified/);

    await fillAndSubmit(page, 'login-form', { email, password });
    await page.waitForSelector('#signed-in:not([hidden])');
    t.is(await page.textContent('#me-email'), email);
    t.is(await page.textContent('#me-verified'), 'yes');

    // SEC-SESS-01: the auth cookies exist but page JavaScript cannot read them.
    const cookies = await context.cookies();
    const auth = cookies.filter((c) => c.name === '__Host-th_access' || c.name === '__Host-th_refresh');
    t.is(auth.length, 2);
    t.true(auth.every((c) => c.httpOnly && c.secure && c.sameSite === 'Strict' && c.path === '/'));
    const visible = (await page.evaluate('document.cookie')) as string;
    t.false(visible.includes('th_access'));
    t.false(visible.includes('th_refresh'));

    await page.click('#mfa-start');
    await page.waitForSelector('#mfa-enrol:not([hidden])');
    const secret = (await page.textContent('#mfa-secret'))!;
    await fillAndSubmit(page, 'mfa-confirm-form', { mfaCode: await generate({ secret }) });
    await page.waitForSelector('#recovery:not([hidden])');
    t.is(await page.locator('#recovery-codes li').count(), 10);
    t.is(await page.textContent('#me-mfa'), 'on');

    await page.click('#logout');
    await page.waitForSelector('#signed-out:not([hidden])');
    await fillAndSubmit(page, 'login-form', { email, password });
    await statusSays(page, /Enter the code/);
    // The enrolment spent the current step; the next one is inside the drift window.
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    await fillAndSubmit(page, 'login-form', { email, password, mfaCode: next });
    await page.waitForSelector('#signed-in:not([hidden])');
    await page.click('#logout');
    await page.waitForSelector('#signed-out:not([hidden])');
    t.deepEqual(noProblems(problems), []);
    await context.close();
  },
);

test.serial('SEC-WEB-01 a form posted from another origin is refused and changes nothing', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = newEmail('victim');
  const password = strongPassword();
  const signedUp = await app.post('/api/v1/auth/signup', { email, password, fullName: 'Ada Lovelace' });
  t.is(signedUp.status, 202, signedUp.text);
  await page.goto(`${app.url}/signin`);
  await page.waitForSelector('body[data-ready="true"]');
  await fillAndSubmit(page, 'login-form', { email, password });
  await page.waitForSelector('#signed-in:not([hidden])');

  const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/mfa/enrolment'));
  await page.goto(attackerUrl);
  const answer = await refused;
  t.is(answer.status(), 403);
  t.is(
    answer.request().headers()['sec-fetch-site'] ?? (await answer.request().allHeaders())['sec-fetch-site'],
    'same-site',
  );

  await page.goto(`${app.url}/signin`);
  await page.waitForSelector('#signed-in:not([hidden])');
  t.is(await page.textContent('#me-mfa'), 'off', 'no enrolment was started');
  const victim = await findOneByBlindIndex(app.deps.models.User, 'email', email);
  t.is(await app.deps.models.UserMfa.count({ where: { user_id: victim!.id } }), 0);
  await context.close();
});
