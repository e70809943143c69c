import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's `chromium` package (scripts/install.sh); never a browser downloaded by Playwright. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium from the system package. Close it in `test.after.always`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

/** What went wrong on a page while it loaded and ran: each entry is one readable line. */
export interface PageProblems {
  /** `securitypolicyviolation` events: the directive and what it blocked. */
  cspViolations: string[];
  /** console.error calls and the browser's own error messages (refused loads, failed fetches). */
  consoleErrors: string[];
  /** Uncaught exceptions in the page's scripts. */
  pageErrors: string[];
  /** Requests that failed or were answered with a 4xx/5xx. */
  failedRequests: string[];
}

/**
 * Records every problem of the page from now on; call before `page.goto`. CSP violations are
 * reported by a listener the browser installs before any page script (so the page's own CSP
 * cannot silence it).
 */
export async function watchPage(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { cspViolations: [], consoleErrors: [], pageErrors: [], failedRequests: [] };
  await page.exposeBinding('__reportCspViolation', (_source, line: string) => {
    problems.cspViolations.push(line);
  });
  // A string, not a function: the test project compiles without the DOM library.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCspViolation(
        e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
    });`,
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('requestfailed', (request) =>
    problems.failedRequests.push(
      `${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`,
    ),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.status()} ${response.url()}`);
  });
  return problems;
}
