/**
 * Serves the built site (apps/web/dist) on 127.0.0.1, opens bench.html for
 * one backend in headless Chromium and prints one line of JSON on stdout:
 * the page's result, the browser's version and flags, its console warnings
 * and errors. `pnpm bench --sections browser` runs it once per backend and
 * round, so that each measurement gets a fresh browser.
 *
 * Usage, from bench/ where tsx is installed:
 * node --import tsx ../apps/web/scripts/run-bench-page.ts --backend NAME
 *   [--steps N] [--warmup N] [--rounds N] [--timeout SECONDS]
 *
 * An invalid flag exits with code 2 and one line on stderr, before the
 * server or the browser starts. Any other failure exits with code 1.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runBenchPage, type BenchPageRun } from './bench-page';
import {
  BenchPageArgsError,
  benchQuery,
  parseBenchPageArgs,
  USAGE_EXIT_CODE,
} from './bench-page-args';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from './chromium';
import { serveStatic } from './static-server';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/**
 * Enables WebGPU: without this flag, headless Chromium 156 on Linux returns
 * no adapter. Without a GPU the adapter is SwiftShader's, in software.
 */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];

/** JSON line that the script prints on stdout. */
export interface BenchPageOutput extends Omit<BenchPageRun, 'requests'> {
  browserVersion: string;
  /** Chromium's command-line flags besides Playwright's own. */
  flags: string[];
}

async function main(): Promise<void> {
  const args = parseBenchPageArgs(process.argv.slice(2));
  if (!existsSync(path.join(DIST, 'bench.html'))) {
    throw new Error(`${DIST}/bench.html not found. Run pnpm turbo run build --filter=web... first.`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }

  const server = await serveStatic(DIST);
  const browser = await launchChromium(WEBGPU_ARGS);
  try {
    const run = await runBenchPage(browser, server.origin, benchQuery(args), args.timeoutSeconds * 1000);
    const foreign = run.requests.filter((url) => new URL(url).origin !== server.origin);
    if (foreign.length > 0) {
      throw new Error(`bench.html requested other origins: ${foreign.join(', ')}`);
    }
    const output: BenchPageOutput = {
      result: run.result,
      consoleMessages: run.consoleMessages,
      browserVersion: browser.version(),
      flags: [...CHROMIUM_ARGS, ...WEBGPU_ARGS],
    };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof BenchPageArgsError ? USAGE_EXIT_CODE : 1);
});
