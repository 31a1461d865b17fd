/**
 * The command line of scripts/run-bench-page.ts: the parser against
 * bench.html's own limits, and the script itself, which must reject an
 * invalid flag with exit code 2 before it launches a browser.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  BenchPageArgsError,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
  parseBenchPageArgs,
} from '../scripts/bench-page-args';
import { DEFAULT_REQUEST, MAX_ROUNDS, MAX_STEPS, parseBenchRequest } from '../src/bench/params';

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = path.join(WEB_ROOT, 'scripts/run-bench-page.ts');

/** Invalid command lines, each with a text that its error message must contain. */
const INVALID_ARGS: [string[], string][] = [
  [['--backend', 'magic'], '--backend must be one of webgpu, webgl, wasm, cpu; got "magic"'],
  [['--backend', ''], '--backend is empty, which is invalid; valid values: webgpu, webgl, wasm, cpu'],
  [[], '--backend is missing; valid values: webgpu, webgl, wasm, cpu'],
  [['--backend', 'wasm', '--steps', '0'], `--steps must be an integer from 1 to ${MAX_STEPS}; got "0"`],
  [['--backend', 'wasm', '--steps', 'abc'], `--steps must be an integer from 1 to ${MAX_STEPS}; got "abc"`],
  [['--backend', 'wasm', '--rounds=-1'], `--rounds must be an integer from 1 to ${MAX_ROUNDS}; got "-1"`],
  [['--backend', 'wasm', '--rounds', '-1'], `--rounds must be an integer from 1 to ${MAX_ROUNDS}; got "-1"`],
  [['--backend', 'wasm', '--warmup', '-3'], `--warmup must be an integer from 0 to ${MAX_STEPS}; got "-3"`],
  [['--backend', 'wasm', '--timeout', 'Infinity'], `at most ${MAX_TIMEOUT_SECONDS}; got "Infinity"`],
  [['--backend', 'wasm', '--timeout', '1e10'], `at most ${MAX_TIMEOUT_SECONDS}; got "1e10"`],
  [['--backend', 'wasm', '--timeout', '3000000'], `at most ${MAX_TIMEOUT_SECONDS}; got "3000000"`],
  [['--backend', 'wasm', '--timeout', '0'], '--timeout must be a number of seconds above 0'],
  [['--backend', 'wasm', '--timeout', ''], '--timeout must be a number of seconds above 0'],
  [['--backend', 'wasm', '--steps'], '--steps is missing its value'],
  [['--backend', '--steps', '5'], '--backend is missing its value'],
  [['--backend', 'wasm', '--seed', '1'], 'unknown flag --seed; valid flags: --backend, --steps'],
  [['--backend', 'wasm', '100'], 'unexpected argument "100"'],
];

describe('parseBenchPageArgs', () => {
  it('fills the defaults of bench.html', () => {
    const args = parseBenchPageArgs(['--backend', 'webgl']);

    expect(args).toEqual({ backend: 'webgl', ...DEFAULT_REQUEST, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS });
  });

  it('reads both flag forms', () => {
    const args = parseBenchPageArgs(['--backend=cpu', '--steps', '7', '--warmup=0', '--rounds', '2', '--timeout=1.5']);

    expect(args).toEqual({ backend: 'cpu', steps: 7, warmup: 0, rounds: 2, timeoutSeconds: 1.5 });
  });

  it('accepts the limits themselves', () => {
    const argv = ['--backend=wasm', `--steps=${MAX_STEPS}`, `--warmup=${MAX_STEPS}`, `--rounds=${MAX_ROUNDS}`];
    const args = parseBenchPageArgs([...argv, `--timeout=${MAX_TIMEOUT_SECONDS}`]);

    expect(args.steps).toBe(MAX_STEPS);
    expect(args.warmup).toBe(MAX_STEPS);
    expect(args.rounds).toBe(MAX_ROUNDS);
    expect(args.timeoutSeconds).toBe(MAX_TIMEOUT_SECONDS);
  });

  it.each(INVALID_ARGS)('rejects %j', (argv, message) => {
    expect(() => parseBenchPageArgs(argv)).toThrow(BenchPageArgsError);
    expect(() => parseBenchPageArgs(argv)).toThrow(message);
  });

  it('agrees with bench.html on every value', () => {
    const texts = ['', '0', '1', '2', '1.5', '1e2', '-1', ' 3', 'abc', String(MAX_STEPS), String(MAX_STEPS + 1)];
    for (const param of ['steps', 'warmup', 'rounds'] as const) {
      for (const text of texts) {
        const page = parseBenchRequest(new URLSearchParams({ backend: 'wasm', [param]: text }).toString());
        const parse = () => parseBenchPageArgs(['--backend=wasm', `--${param}=${text}`]);

        if ('errors' in page) expect(parse, `${param}=${text}`).toThrow(BenchPageArgsError);
        else expect(parse(), `${param}=${text}`).toMatchObject({ [param]: page.request[param] });
      }
    }
  });
});

/**
 * Resolves the tsx loader from bench/, because tsx is a dependency of the
 * script's caller bench/, not of this app. Returns undefined where bench/ is
 * not installed.
 */
function resolveTsxLoader(): string | undefined {
  try {
    return createRequire(path.join(WEB_ROOT, '../../bench/package.json')).resolve('tsx');
  } catch {
    return undefined;
  }
}

const tsxLoader = resolveTsxLoader();
if (!tsxLoader) console.warn('skipping the run-bench-page.ts process tests: tsx is not installed in bench/');

describe.skipIf(tsxLoader === undefined)('run-bench-page.ts', () => {
  let folder: string;
  let launchMarker: string;
  let fakeChromium: string;

  beforeAll(() => {
    // Fake Chromium that records each launch in a marker file and then exits with 1.
    folder = mkdtempSync(path.join(tmpdir(), 'run-bench-page-'));
    launchMarker = path.join(folder, 'launched');
    fakeChromium = path.join(folder, 'chromium');
    writeFileSync(fakeChromium, `#!/bin/sh\ntouch '${launchMarker}'\nexit 1\n`);
    chmodSync(fakeChromium, 0o755);
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  function runScript(argv: string[]) {
    rmSync(launchMarker, { force: true });
    const run = spawnSync(process.execPath, ['--import', pathToFileURL(tsxLoader!).href, SCRIPT, ...argv], {
      cwd: WEB_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: fakeChromium },
      timeout: 60_000,
    });
    return { ...run, launched: existsSync(launchMarker) };
  }

  it.each(INVALID_ARGS)('exits with 2 for %j', (argv, message) => {
    const run = runScript(argv);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([expect.stringContaining(message), '']);
    expect(run.launched).toBe(false);
  });

  it.skipIf(!existsSync(path.join(WEB_ROOT, 'dist/bench.html')))('launches the browser for valid flags', () => {
    const run = runScript(['--backend', 'wasm', '--steps', '1', '--rounds', '1', '--timeout', '30']);

    // The stand-in fails the launch, so the script fails too, but only after the launch.
    expect(run.launched).toBe(true);
    expect(run.status).toBe(1);
  });
});
