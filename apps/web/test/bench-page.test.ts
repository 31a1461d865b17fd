/**
 * bench.html in headless Chromium, served from apps/web/dist: a few
 * training steps on wasm and on software WebGL, and the errors for an
 * invalid URL.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { BenchResult } from '../src/bench/result';
import { FINISHED_SELECTOR } from '../scripts/bench-page';
import { browserSkipReason, openPage, useBuiltSite, type PageLog } from './browser';

/** Enough steps for a median and a loss, few enough for a few seconds per page. */
const SHORT_RUN = 'steps=5&warmup=2&rounds=2';

const skipReason = browserSkipReason();
if (skipReason) console.warn(skipReason);

describe.skipIf(skipReason !== undefined)('bench.html in Chromium', () => {
  const site = useBuiltSite('bench.html');
  const finalLoss: Record<string, number> = {};

  /** Opens bench.html with `query`, waits for its final state and returns its result. */
  async function runPage(query: string): Promise<{ page: Page; log: PageLog; result: BenchResult }> {
    const { context, page, log } = await openPage(site.browser);
    site.closeAfterTest(context);
    await page.goto(`${site.server.origin}/bench.html?${query}`);
    await page.waitForSelector(FINISHED_SELECTOR, { timeout: 60_000 });
    const result = await page.evaluate(
      () => (window as unknown as { benchResult: BenchResult }).benchResult,
    );
    return { page, log, result };
  }

  function expectSameOrigin(log: PageLog): void {
    const foreign = log.requests.filter((url) => new URL(url).origin !== site.server.origin);
    expect(foreign).toEqual([]);
  }

  it('times wasm on real MNIST', async () => {
    const { page, log, result } = await runPage(`backend=wasm&${SHORT_RUN}`);

    expect(result.status).toBe('done');
    expect(result.request).toEqual({ backend: 'wasm', steps: 5, warmup: 2, rounds: 2 });
    expect(result.backend?.name).toBe('wasm');
    expect(result.backend?.threads).toBeGreaterThanOrEqual(1);
    expect(typeof result.backend?.simd).toBe('boolean');
    expect(result.trainCount).toBe(5 * 128);
    expect(result.samplesPerSecond).toHaveLength(2);
    for (const samples of result.samplesPerSecond) expect(samples).toBeGreaterThan(0);
    expect(result.medianSamplesPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(result.finalLoss)).toBe(true);
    expect(result.finalLoss).toBeGreaterThan(0);
    expect(result.userAgent).toContain('Chrome');
    expect(JSON.parse((await page.textContent('#result'))!)).toEqual(result);
    expect(await page.textContent('#summary')).toContain('samples/s, median');
    expect(await page.isHidden('#errors')).toBe(true);
    expect(log.requests).toContain(`${site.server.origin}/mnist/train-images-idx3-ubyte.gz`);
    expectSameOrigin(log);
    expect(log.consoleErrors).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    finalLoss.wasm = result.finalLoss!;
  });

  it('times software WebGL and names its renderer', async () => {
    const { log, result } = await runPage(`backend=webgl&${SHORT_RUN}`);

    expect(result.status).toBe('done');
    expect(result.request?.backend).toBe('webgl');
    expect(result.backend?.name).toBe('webgl');
    expect(result.backend?.renderer).toMatch(/SwiftShader/);
    expect(result.backend?.software).toBe(true);
    expect(result.samplesPerSecond).toHaveLength(2);
    expect(result.medianSamplesPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(result.finalLoss)).toBe(true);
    expect(result.finalLoss).toBeGreaterThan(0);
    expectSameOrigin(log);
    expect(log.consoleErrors).toEqual([]);
    finalLoss.webgl = result.finalLoss!;
  });

  it('gets the same loss on wasm and WebGL', () => {
    expect(Object.keys(finalLoss).sort()).toEqual(['wasm', 'webgl']);
    // Measured in headless Chromium 156: the two differ by about 2e-7 of
    // the loss, from float32 rounding in different kernels.
    expect(Math.abs(finalLoss.webgl - finalLoss.wasm) / finalLoss.wasm).toBeLessThan(1e-4);
  });

  it.each(['magic', 'auto'])('shows an error for backend=%s', async (backend) => {
    const { page, log, result } = await runPage(`backend=${backend}&${SHORT_RUN}`);

    expect(result.status).toBe('error');
    expect(result.samplesPerSecond).toEqual([]);
    expect(await page.getAttribute('#status', 'data-state')).toBe('error');
    expect(await page.isVisible('#errors')).toBe(true);
    expect(await page.locator('#errors li').allTextContents()).toEqual([
      `Invalid URL: backend="${backend}" is not a backend of this page; valid values: webgpu, webgl, wasm, cpu`,
    ]);
    // No fallback: the page starts no worker and downloads nothing.
    expect(log.requests.some((url) => url.includes('/mnist/'))).toBe(false);
    expect(page.workers()).toEqual([]);
  });

  it('lists every invalid value', async () => {
    const { page, result } = await runPage('steps=0&warmup=x&rounds=2&speed=fast');

    expect(result.status).toBe('error');
    expect(await page.locator('#errors li').allTextContents()).toEqual([
      'Invalid URL: backend is missing; valid values: webgpu, webgl, wasm, cpu',
      'Invalid URL: steps="0" must be an integer from 1 to 468',
      'Invalid URL: warmup="x" must be an integer from 0 to 468',
      'Invalid URL: speed is not a parameter of this page; valid: backend, steps, warmup, rounds',
    ]);
  });

  it('keeps the site security policy', async () => {
    const { context, page } = await openPage(site.browser);
    site.closeAfterTest(context);
    const response = await page.goto(`${site.server.origin}/bench.html?backend=magic`);

    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    const meta = page.locator('meta[http-equiv="Content-Security-Policy"]');
    expect(await meta.getAttribute('content')).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });
});
