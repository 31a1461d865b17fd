import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium';
import { serveStatic, type StaticServer } from '../scripts/static-server';

export { CHROMIUM_PATH, launchChromium };

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

/** Folder of the built site, apps/web/dist. */
export const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/** The built site served on 127.0.0.1 and one Chromium, shared by a suite's tests. */
export interface BuiltSite {
  readonly server: StaticServer;
  readonly browser: Browser;
  /** Closes `context` after the current test. */
  closeAfterTest(context: BrowserContext): void;
}

/**
 * Registers hooks, inside a `describe`, that serve apps/web/dist and launch
 * Chromium before the suite and close both after it. They fail the suite
 * when `entry`, such as 'index.html', has not been built.
 */
export function useBuiltSite(entry: string): BuiltSite {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, entry))) {
      throw new Error(`${DIST}/${entry} not found. Run pnpm turbo run build --filter=web... first.`);
    }
    server = await serveStatic(DIST);
    browser = await launchChromium();
  });

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get server() {
      if (!server) throw new Error('site.server is not ready before the suite starts; read it inside a test or hook');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('site.browser is not ready before the suite starts; read it inside a test or hook');
      return browser;
    },
    closeAfterTest(context) {
      contexts.push(context);
    },
  };
}
