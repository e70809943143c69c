import test, { type ExecutionContext } from 'ava';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchPage, type PageProblems } from '../helpers/browser';
import { identityApp } from './helpers/identity-app';
import { createUser, strongPassword, type TestUser } from './helpers/accounts-data';

/**
 * SEC-AUTH-04 in the browser: the sign-in page (api/public) answers the login challenge itself,
 * with the platform's default (altcha) challenge and its real delays. The page's requests all come
 * from 127.0.0.1, so this file stays under the per-IP login limit (10): 7 + 2 page logins.
 */
const app = identityApp('sec-auth-04-signin-page', { captcha: 'configured' });
let browser: Browser;
let nextIp = 2;
const freshIp = () => `127.0.${Math.floor(nextIp / 250) + 1}.${(nextIp++ % 250) + 2}`;

test.serial.before(async () => {
  browser = await launchBrowser();
});

test.after.always(async () => {
  await browser?.close();
});

/** The page's exchanges with the API, in order: `METHOD path status [error_code] [+token]`. */
interface Watched {
  page: Page;
  context: BrowserContext;
  problems: PageProblems;
  exchanges: () => Promise<string[]>;
  /** Every text the status line (role=status, aria-live) showed. */
  said: string[];
}

async function openSigninPage(): Promise<Watched & { csp: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = await watchPage(page);
  const seen: Promise<string>[] = [];
  const said: string[] = [];
  page.on('response', (response) => {
    const request = response.request();
    const path = new URL(response.url()).pathname;
    if (path !== '/api/v1/auth/login' && path !== '/api/v1/auth/challenge') return;
    const body = (request.postDataJSON() ?? {}) as Record<string, unknown>;
    const described = async () => {
      const { error_code } = path.endsWith('/login')
        ? ((await response.json()) as { error_code?: string })
        : {};
      return [request.method(), path, response.status(), error_code, 'captchaToken' in body ? '+token' : '']
        .filter(Boolean)
        .join(' ');
    };
    seen.push(described());
  });
  await page.exposeBinding('__statusSaid', (_source, text: string) => {
    said.push(text);
  });
  // A string, not a function: the test project compiles without the DOM library.
  await page.addInitScript({
    content: `document.addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('status');
      new MutationObserver(() => window.__statusSaid(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
    });`,
  });
  const answer = await page.goto(`${app.url}/signin`);
  await page.waitForSelector('body[data-ready="true"]');
  return {
    page,
    context,
    problems,
    exchanges: () => Promise.all(seen),
    said,
    csp: answer?.headers()['content-security-policy'] ?? '',
  };
}

async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.fill('#login-form [name="email"]', email);
  await page.fill('#login-form [name="password"]', password);
  await page.click('#login-form button[type="submit"]');
}

/** Signed in: the page shows the account, and the HttpOnly session cookies are set. */
async function assertSignedIn(t: ExecutionContext, watched: Watched, owner: TestUser): Promise<void> {
  await watched.page.waitForSelector('#signed-in:not([hidden])');
  t.is(await watched.page.textContent('#me-email'), owner.email);
  const cookies = await watched.context.cookies();
  const session = cookies.filter((c) => c.name === '__Host-th_access' || c.name === '__Host-th_refresh');
  t.is(session.length, 2);
  t.true(session.every((c) => c.httpOnly && c.secure));
  t.true(watched.said.includes('Checking you are not a robot…'), watched.said.join(' | '));
}

test.serial(
  'SEC-AUTH-04 the sign-in page solves the login challenge after 5 failures: the owner signs in in a browser',
  async (t) => {
    const owner = await createUser(app.deps);
    const watched = await openSigninPage();
    const { page, problems, exchanges } = watched;

    // SEC-WEB-03 unchanged for the page: scripts from this origin only, nothing inline.
    t.regex(watched.csp, /(^|; )default-src 'self'(;|$)/);
    t.regex(watched.csp, /(^|; )script-src 'self'(;|$)/);
    t.notRegex(watched.csp, /unsafe-inline|unsafe-eval|worker-src|blob:|data:/);

    for (let i = 0; i < 5; i += 1) {
      // Past the 3rd failure each attempt must wait (1 s, doubling): the services' clock moves on.
      app.clock.advance(60_000);
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await submitLogin(page, owner.email, strongPassword());
      t.is((await answered).status(), 401, `failure ${i + 1}`);
    }
    app.clock.advance(60_000);
    await submitLogin(page, owner.email, owner.password);
    await assertSignedIn(t, watched, owner);

    t.deepEqual(await exchanges(), [
      ...Array.from({ length: 5 }, () => 'POST /api/v1/auth/login 401 INVALID_CREDENTIALS'),
      'POST /api/v1/auth/login 401 CHALLENGE_REQUIRED',
      'GET /api/v1/auth/challenge 200',
      'POST /api/v1/auth/login 200 +token',
    ]);
    t.deepEqual([...problems.cspViolations, ...problems.pageErrors], []);

    // And the CSP still refuses inline script on this page: an injected one neither runs nor passes.
    const ran = await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.appendChild(script);
      return window.__inlineRan === true;
    })()`);
    t.false(ran);
    for (let i = 0; i < 50 && problems.cspViolations.length === 0; i += 1) await page.waitForTimeout(100);
    t.regex(problems.cspViolations.join('\n'), /^script-src-elem blocked inline/);
    await watched.context.close();
  },
);

test.serial(
  'SEC-AUTH-04 the sign-in page gets the owner in after an attacker used up the per-name limit with 50 attempts',
  async (t) => {
    const owner = await createUser(app.deps);
    const attempts: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      app.clock.advance(60_000);
      const answer = await app.post(
        '/api/v1/auth/login',
        { email: owner.email, password: strongPassword() },
        {},
        freshIp(),
      );
      attempts.push(answer.status);
    }
    t.deepEqual(attempts.slice(-5), [429, 429, 429, 429, 429], 'the per-name limit holds the attacker back');

    const watched = await openSigninPage();
    await submitLogin(watched.page, owner.email, owner.password);
    await assertSignedIn(t, watched, owner);
    t.deepEqual(await watched.exchanges(), [
      'POST /api/v1/auth/login 429 RATE_LIMITED',
      'GET /api/v1/auth/challenge 200',
      'POST /api/v1/auth/login 200 +token',
    ]);
    t.deepEqual([...watched.problems.cspViolations, ...watched.problems.pageErrors], []);
    await watched.context.close();
  },
);
