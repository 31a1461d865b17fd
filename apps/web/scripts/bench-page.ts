import type { Browser } from 'playwright-core';

import type { BenchResult } from '../src/bench/result';

/** Selector that matches `#status` once bench.html has finished, whatever the outcome. */
export const FINISHED_SELECTOR = ['done', 'unavailable', 'error']
  .map((state) => `#status[data-state="${state}"]`)
  .join(', ');

/** Outcome of one load of bench.html. */
export interface BenchPageRun {
  result: BenchResult;
  /** Warnings and errors of the page's and its worker's console, in order. */
  consoleMessages: string[];
  /** Every URL the page and its worker requested. */
  requests: string[];
}

/**
 * Opens `bench.html?query` of the site at `origin` in a new context of
 * `browser`, waits until the page reports a final state, and returns its
 * result. Throws when the page does not finish within `timeoutMs`.
 */
export async function runBenchPage(
  browser: Browser,
  origin: string,
  query: string,
  timeoutMs: number,
): Promise<BenchPageRun> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const consoleMessages: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (['warning', 'error'].includes(message.type())) consoleMessages.push(message.text());
    });
    page.on('pageerror', (error) => consoleMessages.push(`uncaught: ${error.message}`));
    context.on('request', (request) => requests.push(request.url()));

    await page.goto(`${origin}/bench.html?${query}`);
    try {
      await page.waitForSelector(FINISHED_SELECTOR, { timeout: timeoutMs });
    } catch (error) {
      const status = await page.textContent('#status').catch(() => null);
      throw new Error(
        `bench.html?${query} did not finish within ${timeoutMs / 1000} s; ` +
          `its status reads ${JSON.stringify(status)}`,
        { cause: error },
      );
    }
    const result = await page.evaluate(
      () => (window as unknown as { benchResult?: BenchResult }).benchResult,
    );
    if (!result) throw new Error(`bench.html?${query} finished without setting window.benchResult`);
    return { result, consoleMessages, requests };
  } finally {
    await context.close();
  }
}
