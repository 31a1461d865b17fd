import { existsSync } from 'node:fs';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { CHROMIUM_PATH } from '../scripts/chromium';

export { CHROMIUM_PATH, launchChromium } from '../scripts/chromium';

const IN_CI = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/**
 * Returns why the browser tests skip, or undefined when they run. They
 * skip only outside CI without a Chromium. In CI a missing Chromium fails
 * the launch instead.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || IN_CI) return undefined;
  return (
    `skipping the browser tests: no Chromium at ${CHROMIUM_PATH}. Install it ` +
    '(apt-get install chromium) or set CHROMIUM_PATH. With CI=true they run and fail instead.'
  );
}

/** What a page did while a test used it. */
export interface PageLog {
  /** Console messages of type error, from the page and its workers. */
  consoleErrors: string[];
  /** Uncaught exceptions. */
  pageErrors: string[];
  /** Every request URL, the workers' included. */
  requests: string[];
  /** Requests that failed, with the reason. */
  failedRequests: string[];
}

/** Opens a page in a new context and records its console and network activity. */
export async function openPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const log: PageLog = { consoleErrors: [], pageErrors: [], requests: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') log.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => log.pageErrors.push(error.message));
  context.on('request', (request) => log.requests.push(request.url()));
  context.on('requestfailed', (request) =>
    log.failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`),
  );
  return { context, page, log };
}
