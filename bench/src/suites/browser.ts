/**
 * The browser section: the "initlab `fit`" step of the throughput section,
 * timed by apps/web/dist/bench.html in headless Chromium on each tfjs
 * backend, next to the same trainer in Node on wasm.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import type { BackendInfo } from '../lib/backends';
import { describeExit, runCommand, runTaskProcess, tail } from '../lib/child';
import { median } from '../lib/stats';
import { loadAverage } from '../machine';
import { REPO_ROOT, type BenchOptions } from '../options';
import type {
  BrowserBackendInfo,
  BrowserBackendResult,
  BrowserResults,
  Throughput,
} from '../results';

/** Backends that bench.html times, in the order each round opens them. */
export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** Chromium that the section drives: CHROMIUM_PATH, else Debian's package, as in apps/web. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const WEB_DIST = path.join(REPO_ROOT, 'apps/web/dist');
const PAGE_SCRIPT = path.join(REPO_ROOT, 'apps/web/scripts/run-bench-page.ts');
const BUILD_COMMAND = ['pnpm', 'turbo', 'run', 'build', '--filter=web...', '--output-logs=errors-only'];

/** Inputs of the built page: the packages' builds and the web app's sources. */
const WEB_INPUTS = [
  'packages/initializers/dist',
  'packages/mlp/dist',
  'packages/mnist/dist',
  'packages/train/dist',
  'apps/web/src',
  'apps/web/build',
  'apps/web/bench.html',
  'apps/web/vite.config.ts',
];
const TSX_LOADER = import.meta.resolve('tsx');

/** Maximum seconds one page may take to finish, MNIST download and warm-up included. */
const PAGE_TIMEOUT_SECONDS = 600;

/** JSON line that apps/web/scripts/run-bench-page.ts prints. */
interface PageOutput {
  result: {
    status: 'done' | 'unavailable' | 'error';
    reason?: string;
    backend?: BrowserBackendInfo;
    userAgent: string;
    samplesPerSecond: number[];
    finalLoss?: number;
  };
  /** Console warnings and errors of the page and its worker. */
  consoleMessages: string[];
  browserVersion: string;
  flags: string[];
}

interface StepTaskResult {
  backend: BackendInfo;
  samplesPerSecond: Record<string, number[]>;
}

/** Returns why the browser section cannot run here, or undefined when it can. */
export function chromiumUnavailable(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return `no Chromium at ${CHROMIUM_PATH}; install it (apt-get install chromium) or set CHROMIUM_PATH`;
}

/** Returns empty results that {@link measureBrowser} fills. */
export function newBrowserResults(options: BenchOptions): BrowserResults {
  return {
    flags: [],
    warmupSteps: options.browserWarmup,
    timedEpochs: options.stepEpochs,
    backends: {},
    loadAverage: { start: loadAverage(), end: [] },
  };
}

/**
 * Runs `options.rounds` rounds. Each round opens bench.html once per
 * backend, every time in a fresh browser, then times the Node `fit`
 * trainer on wasm with the wasm page's step count. A backend whose page
 * reports it unavailable or failed is not opened again in later rounds.
 * A run of the page script that exits with an error or prints no result
 * throws and stops the section.
 */
export async function measureBrowser(
  options: BenchOptions,
  results: BrowserResults,
  log: (line: string) => void,
): Promise<void> {
  await ensureWebBuild(log);
  for (let round = 1; round <= options.rounds; round++) {
    for (const backend of BROWSER_BACKENDS) {
      const steps = options.browserSteps[backend];
      const entry = (results.backends[backend] ??= newBackendResult(steps));
      if (entry.status !== 'measured') continue;
      log(`round ${round}/${options.rounds}: ${backend} in Chromium, ${steps} steps per timed epoch`);
      const output = await openPage(backend, steps, options);
      recordPage(results, entry, backend, output);
      log(`  ${describeOutcome(entry)}`);
    }
    log(`round ${round}/${options.rounds}: Node wasm fit, ${options.browserSteps.wasm} steps per timed epoch`);
    const node = await runTaskProcess<StepTaskResult>('step', [
      '--backend=wasm',
      `--steps=${options.browserSteps.wasm}`,
      `--epochs=${options.stepEpochs}`,
      '--trainers=fit',
    ]);
    results.node ??= { info: node.backend, steps: options.browserSteps.wasm, throughput: emptyThroughput() };
    addRound(results.node.throughput, node.samplesPerSecond.fit ?? []);
  }
  results.loadAverage.end = loadAverage();
}

/**
 * Builds the web app and the packages it uses when bench.html is missing
 * or older than a file it bundles, so that the page measures the same
 * code as the Node sections.
 */
async function ensureWebBuild(log: (line: string) => void): Promise<void> {
  const page = path.join(WEB_DIST, 'bench.html');
  const reason = existsSync(page) ? newerInput(statSync(page).mtimeMs) : 'not found';
  if (reason === undefined) return;
  log(`${path.relative(REPO_ROOT, page)} ${reason}; building the web app with ${BUILD_COMMAND.join(' ')}`);
  const [command, ...args] = BUILD_COMMAND;
  const build = await runCommand(command, args, { cwd: REPO_ROOT, timeoutMs: 900_000 });
  if (build.code !== 0 || !existsSync(page)) {
    throw new Error(
      `building the web app failed (${describeExit(build)}); run ${BUILD_COMMAND.join(' ')} ` +
        `and fix what it reports: ${tail(build.stderr || build.stdout)}`,
    );
  }
}

/** Returns "is older than FILE" for an input of the page newer than `builtAt`, or undefined. */
function newerInput(builtAt: number): string | undefined {
  for (const input of WEB_INPUTS) {
    const root = path.join(REPO_ROOT, input);
    if (!existsSync(root)) continue;
    const files = statSync(root).isDirectory()
      ? readdirSync(root, { recursive: true, encoding: 'utf8' }).map((name) => path.join(root, name))
      : [root];
    const newer = files.find((file) => statSync(file).mtimeMs > builtAt);
    if (newer) return `is older than ${path.relative(REPO_ROOT, newer)}`;
  }
  return undefined;
}

/** Opens bench.html for one backend through apps/web/scripts/run-bench-page.ts. */
async function openPage(backend: string, steps: number, options: BenchOptions): Promise<PageOutput> {
  const args = [
    `--backend=${backend}`,
    `--steps=${steps}`,
    `--warmup=${options.browserWarmup}`,
    `--rounds=${options.stepEpochs}`,
    `--timeout=${PAGE_TIMEOUT_SECONDS}`,
  ];
  const run = await runCommand(process.execPath, ['--import', TSX_LOADER, PAGE_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    // Room for the browser to start and stop around the page's own limit.
    timeoutMs: (PAGE_TIMEOUT_SECONDS + 120) * 1000,
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.code !== 0 || !line.startsWith('{')) {
    throw new Error(`bench.html on ${backend} failed (${describeExit(run)}): ${tail(run.stderr)}`);
  }
  return JSON.parse(line) as PageOutput;
}

function recordPage(
  results: BrowserResults,
  entry: BrowserBackendResult,
  backend: string,
  output: PageOutput,
): void {
  const { result } = output;
  results.browserVersion = output.browserVersion;
  results.userAgent = result.userAgent;
  results.flags = output.flags;
  if (result.backend) entry.info = result.backend;
  if (result.status === 'unavailable' || result.status === 'error') {
    entry.status = result.status === 'unavailable' ? 'unavailable' : 'failed';
    entry.reason = withConsole(result.reason ?? 'no reason given', output.consoleMessages);
    return;
  }
  if (result.backend?.name !== backend) {
    entry.status = 'failed';
    entry.reason = `the page ran ${result.backend?.name ?? 'no backend'} instead of ${backend}`;
    return;
  }
  addRound(entry.throughput, result.samplesPerSecond);
  entry.finalLoss.push(result.finalLoss ?? NaN);
}

/**
 * Appends the browser's console warnings and errors to `reason`, because
 * tfjs prints there why a backend failed to initialize. Keeps the first
 * three, cut to 200 characters each.
 */
function withConsole(reason: string, messages: string[]): string {
  if (messages.length === 0) return reason;
  const excerpts = messages.slice(0, 3).map((message) => message.replace(/\s+/g, ' ').slice(0, 200));
  return `${reason} (browser console: ${excerpts.join(' / ')})`;
}

function describeOutcome(entry: BrowserBackendResult): string {
  if (entry.status !== 'measured') return `${entry.status}: ${entry.reason}`;
  const samples = entry.throughput.perRound.at(-1) ?? NaN;
  const loss = entry.finalLoss.at(-1) ?? NaN;
  return `${Math.round(samples).toLocaleString('en-US')} samples/s, final loss ${loss.toFixed(4)}`;
}

function newBackendResult(steps: number): BrowserBackendResult {
  return { status: 'measured', steps, throughput: emptyThroughput(), finalLoss: [] };
}

function emptyThroughput(): Throughput {
  return { samplesPerSecond: [], perRound: [] };
}

function addRound(throughput: Throughput, samples: number[]): void {
  throughput.samplesPerSecond.push(...samples);
  throughput.perRound.push(median(samples));
}
