/**
 * `pnpm bench`: measures initlab's training speed against tfjs-layers and
 * PyTorch on this machine, then writes the results as JSON and as tables in
 * docs/benchmarks.md. Every measurement runs in its own process.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { BACKENDS, tensorflowUnavailable, type BackendName } from './lib/backends';
import { runTaskProcess } from './lib/child';
import { torchVersion } from './lib/python';
import { describeMachine, describeRevision } from './machine';
import { REPO_ROOT, parseOptions, type BenchOptions, type Section } from './options';
import { readReportPage, writeReport } from './report';
import type { BenchResults, EvaluateResult, MemoryResult, ProfileResult } from './results';
import { chromiumUnavailable, measureBrowser, newBrowserResults } from './suites/browser';
import { measureClassic, newClassicResults } from './suites/classic';
import { measureThroughput, newThroughputResults } from './suites/throughput';

/** Steps the profile times per backend. A cpu step took about 80 ms here. */
const PROFILE_STEPS: Record<BackendName, number> = { wasm: 200, cpu: 10, tensorflow: 200 };

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) return 0;
  readReportPage(options.doc);
  if (options.reportFrom) {
    writeReport(options.doc, readResults(options.reportFrom));
    return 0;
  }
  prepareResultsFile(options.json);

  const started = performance.now();
  const log = (line: string) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
    process.stdout.write(`[${seconds} s] ${line}\n`);
  };

  const results = newResults(options);
  log(`${options.mode} mode, ${options.rounds} rounds; ${describeLine(results)}`);
  const backends = availableBackends(results);
  const torchAvailable = await checkTorch(options, results, log);

  const run = async (section: Section, body: () => Promise<void>) => {
    if (!options.sections.includes(section)) return;
    try {
      await body();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      results.failures.push({ what: section, reason });
      log(`${section} failed: ${reason}`);
    }
    save(options, results);
  };

  await run('throughput', async () => {
    results.throughput = newThroughputResults();
    await measureThroughput(options, backends, torchAvailable, results.throughput, log);
  });
  await run('profile', async () => {
    results.profile = [];
    for (const backend of backends) {
      log(`profile of the training step on ${backend}`);
      results.profile.push(
        await runTaskProcess<ProfileResult>('profile', [
          `--backend=${backend}`,
          `--steps=${PROFILE_STEPS[backend]}`,
        ]),
      );
    }
  });
  await run('evaluate', async () => {
    log('evaluation time by batch size on wasm');
    results.evaluate = await runTaskProcess<EvaluateResult>('evaluate', ['--backend=wasm']);
  });
  await run('memory', async () => {
    log('tensor count per epoch on wasm');
    results.memory = await runTaskProcess<MemoryResult>('memory', ['--backend=wasm', '--epochs=3']);
  });
  await run('classic', async () => {
    results.classic = newClassicResults(options);
    await measureClassic(options, torchAvailable, results.classic, log);
  });
  await run('browser', async () => {
    const reason = chromiumUnavailable();
    if (reason) {
      results.skipped.push({ what: 'the browser section', reason });
      log(`skipping the browser section: ${reason}`);
      return;
    }
    results.browser = newBrowserResults(options);
    await measureBrowser(options, results.browser, log);
  });

  results.finishedAt = new Date().toISOString();
  save(options, results);
  writeReport(options.doc, results);
  log(`wrote ${path.relative(process.cwd(), options.json)} and ${path.relative(process.cwd(), options.doc)}`);
  return results.failures.length === 0 ? 0 : 1;
}

function newResults(options: BenchOptions): BenchResults {
  const { json: _json, doc: _doc, python: _python, reportFrom: _reportFrom, ...settings } = options;
  return {
    format: 1,
    mode: options.mode,
    command: ['pnpm bench', ...process.argv.slice(2)].join(' '),
    startedAt: new Date().toISOString(),
    settings,
    machine: describeMachine(),
    revision: describeRevision(REPO_ROOT),
    skipped: [],
    failures: [],
  };
}

function describeLine(results: BenchResults): string {
  const { machine } = results;
  return `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`;
}

/** Returns the backends to measure and records why any is left out. */
function availableBackends(results: BenchResults): BackendName[] {
  const reason = tensorflowUnavailable();
  if (reason) results.skipped.push({ what: 'tensorflow backend', reason });
  return BACKENDS.filter((name) => name !== 'tensorflow' || reason === undefined);
}

async function checkTorch(
  options: BenchOptions,
  results: BenchResults,
  log: (line: string) => void,
): Promise<boolean> {
  try {
    log(`PyTorch ${await torchVersion(options.python)} from ${options.python}`);
    return true;
  } catch (error) {
    const reason = (error as Error).message;
    results.skipped.push({ what: 'PyTorch', reason });
    log(`skipping PyTorch: ${reason}`);
    return false;
  }
}

/**
 * Creates the folder of the results file when it is missing and checks
 * that the file can be written, so that a wrong `--json` fails before
 * anything is measured.
 */
function prepareResultsFile(file: string): void {
  const folder = path.dirname(file);
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(
      `--json ${file}: the folder ${folder} cannot be created or written (${code}); pass a file in a writable folder`,
    );
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new Error(`--json ${file} is a folder; pass a file name, such as ${path.join(file, 'latest.json')}`);
  }
}

/** Reads a results file that an earlier run wrote, for `--report-from`. */
function readResults(file: string): BenchResults {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
    throw new Error(`--report-from ${file}: ${reason}; pass a results file that pnpm bench wrote`);
  }
}

function save(options: BenchOptions, results: BenchResults): void {
  mkdirSync(path.dirname(options.json), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
