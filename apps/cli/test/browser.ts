import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

import { IN_CI } from './cli';

/** Chromium to drive: Debian's package by default, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Returns why the browser tests skip, or undefined when they run. They skip
 * only outside CI when no Chromium is installed; in CI they run, and fail
 * without one.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM) || IN_CI) return undefined;
  return `skipping the report's browser test: no Chromium at ${CHROMIUM}; install it (apt-get install chromium) or set CHROMIUM_PATH`;
}

/**
 * Starts headless Chromium with a fresh profile and everything that would
 * reach the network on its own turned off, so that any request the page
 * makes is the page's.
 */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = await mkdtemp(path.join(tmpdir(), 'initlab-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
