// Saves a PNG of the top HEIGHT pixels (default 1400) of an initlab report,
// 1280 pixels wide, as docs/images/sweep-report.png shows it:
//   node apps/cli/scripts/screenshot-report.mjs REPORT.html OUT.png [HEIGHT]
// It drives Debian's Chromium (/usr/bin/chromium) headless through
// playwright-core, with a fresh profile.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const [html, out, height = '1400'] = process.argv.slice(2);
if (!html || !out) {
  console.error('usage: node screenshot-report.mjs REPORT.html OUT.png [HEIGHT]');
  process.exit(2);
}
const profile = await mkdtemp(path.join(tmpdir(), 'initlab-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: Number(height) },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  ],
});
try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.resolve(html)).href, { waitUntil: 'load' });
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
