import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { beforeAll, describe, expect, test } from 'vitest';

import type { SweepResultsFile } from '../src/sweep-store';
import { browserSkipReason, launchChromium } from './browser';
import { runCli, startCli, type CliResult } from './cli';

// 2 initializers x 2 seeds, small enough to take a few seconds on 2 cores.
const GRID = [
  'sweep',
  '--inits',
  'he,xavier',
  '--seeds',
  '1,2',
  '--epochs',
  '2',
  '--train-limit',
  '1500',
  '--lrs',
  '0.05',
  '--workers',
  '2',
  '--stats',
  '--stats-interval',
  '5',
];

const skipBrowser = browserSkipReason();
if (skipBrowser) console.warn(skipBrowser);

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

let reference: { dir: string; result: CliResult };

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'initlab-sweep-'));
}

/** results.csv without its last column, the seconds each epoch took. */
async function csvWithoutSeconds(dir: string): Promise<string[]> {
  const lines = (await readFile(path.join(dir, 'results.csv'), 'utf8'))
    .trimEnd()
    .split('\n');
  return lines.map((line) => line.split(',').slice(0, -1).join(','));
}

async function readResults(dir: string): Promise<SweepResultsFile> {
  return JSON.parse(
    await readFile(path.join(dir, 'results.json'), 'utf8'),
  ) as SweepResultsFile;
}

beforeAll(async () => {
  const dir = path.join(await tempDir(), 'full');
  const result = await runCli([...GRID, '--out', dir]);
  expect(result.code, result.stderr).toBe(0);
  reference = { dir, result };
}, 120_000);

describe('initlab sweep on real MNIST', () => {
  test('ranks configurations over seeds', async () => {
    const { stdout } = reference.result;
    const lines = stdout.split('\n');

    expect(lines[0]).toBe(
      'Final test accuracy, ranked (mean ± sample standard deviation over 2 seeds)',
    );
    expect(lines[1]).toMatch(
      /^rank +init +runs ok +test accuracy \(%\) +test loss$/,
    );
    expect(lines[2]).toMatch(
      /^ +1 +(he|xavier) +2\/2 +\d+\.\d\d ± \d+\.\d\d +\d\.\d{4} ± \d\.\d{4}$/,
    );
    expect(lines[3]).toMatch(/^ +2 +(he|xavier) +2\/2 /);
  });

  test('writes run files and results', async () => {
    const { dir } = reference;
    const runFiles = await readdir(path.join(dir, 'runs'));
    const results = await readResults(dir);

    expect(runFiles).toHaveLength(4);
    for (const name of runFiles)
      expect(name).toMatch(/^[A-Za-z0-9._-]+\.json$/);
    expect(results.runs.map((run) => `${run.id}.json`).sort()).toEqual(
      [...runFiles].sort(),
    );
    expect(results.runs.map((run) => [run.init, run.seed])).toEqual([
      ['he', 1],
      ['he', 2],
      ['xavier', 1],
      ['xavier', 2],
    ]);
    expect(results.environment.tfjs).toBe('4.22.0');
    expect(results.environment.backend.name).toBe('wasm');
    expect(existsSync(path.join(dir, 'checkpoints'))).toBe(false);

    for (const run of results.runs) {
      expect(run.status).toBe('completed');
      expect(run.epochs).toHaveLength(2);
      expect(run.stats!.length).toBeGreaterThan(1);
      // One row per true digit; the rows add up to the 10,000 test images.
      expect(run.confusion).toHaveLength(10);
      const total = run.confusion!.flat().reduce((a, b) => a + b, 0);
      expect(total).toBe(10_000);
      const correct = run.confusion!.reduce((sum, row, i) => sum + row[i], 0);
      expect(correct / total).toBeCloseTo(run.epochs[1].testAccuracy, 10);
    }
  });

  test('summary statistics match the runs', async () => {
    const results = await readResults(reference.dir);
    const he = results.summary.find((s) => s.init === 'he')!;
    const finals = results.runs
      .filter((r) => r.init === 'he')
      .map((r) => r.epochs[1].testAccuracy);
    const mean = (finals[0] + finals[1]) / 2;

    expect(he.completed).toBe(2);
    expect(he.seeds).toEqual([1, 2]);
    expect(he.finalTestAccuracy!.mean).toBeCloseTo(mean, 12);
    // Sample standard deviation of two values: |a - b| / sqrt(2).
    expect(he.finalTestAccuracy!.std).toBeCloseTo(
      Math.abs(finals[0] - finals[1]) / Math.SQRT2,
      12,
    );
    expect(results.summary.map((s) => s.rank)).toEqual([1, 2]);
  });

  test('CSV has one row per run and epoch', async () => {
    const lines = (
      await readFile(path.join(reference.dir, 'results.csv'), 'utf8')
    )
      .trimEnd()
      .split('\n');

    expect(lines[0]).toBe(
      'run_id,init,activation,hidden,optimizer,learning_rate,seed,status,epoch,train_loss,test_loss,test_accuracy,seconds',
    );
    expect(lines).toHaveLength(1 + 4 * 2);
    expect(lines[1]).toMatch(
      /^he_relu_128_sgd_lr0\.05_seed1_[0-9a-f]{8},he,relu,128,sgd,0\.05,1,completed,1,/,
    );
  });

  test('prints the terminal chart after the table', () => {
    const { stdout } = reference.result;

    expect(stdout).toMatch(
      /\nTest accuracy by epoch, mean over seeds \(epoch 1 to 2 from left to right; ▁ = \d+\.\d\d%, █ = \d+\.\d\d%\)\n/,
    );
    expect(stdout).toMatch(/\nhe +[▁▂▃▄▅▆▇█]{24} +\d+\.\d\d ± \d+\.\d\d%\n/);
    expect(stdout).toMatch(
      /\nxavier +[▁▂▃▄▅▆▇█]{24} +\d+\.\d\d ± \d+\.\d\d%\n/,
    );
  });

  test('SIGINT then --resume matches', async () => {
    const dir = path.join(await tempDir(), 'interrupted');
    const running = startCli([...GRID, '--out', dir]);
    await running.waitForStderr(/: completed \(/);
    running.child.kill('SIGINT');
    const stopped = await running.result;

    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(
      /stopped by SIGINT with [1-3] of 4 runs done; continue with: initlab sweep --inits he,xavier .* --out \S+ --resume\n$/,
    );
    expect(
      (await readdir(path.join(dir, 'runs'))).length,
    ).toBeGreaterThanOrEqual(1);
    expect(existsSync(path.join(dir, 'results.csv'))).toBe(false);

    const resumed = await runCli([...GRID, '--out', dir, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/sweep of 4 runs, [1-3] already done/);
    expect(resumed.stdout).toBe(reference.result.stdout);
    expect(await csvWithoutSeconds(dir)).toEqual(
      await csvWithoutSeconds(reference.dir),
    );
    expect((await readResults(dir)).summary).toEqual(
      (await readResults(reference.dir)).summary,
    );
    expect(existsSync(path.join(dir, 'checkpoints'))).toBe(false);
  });

  test('--quiet prints the table only', async () => {
    const dir = path.join(await tempDir(), 'quiet');
    const { code, stdout, stderr } = await runCli([
      'sweep',
      '--inits',
      'he',
      '--epochs',
      '1',
      '--train-limit',
      '600',
      '--out',
      dir,
      '--quiet',
    ]);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      /^Final test accuracy, ranked \(mean ± sample standard deviation over 1 seed\)\n/,
    );
    expect(stdout).not.toContain('Test accuracy by epoch');
    expect(stdout).not.toMatch(/[▁▂▃▄▅▆▇█]/);
  });
});

describe('initlab sweep folder checks', () => {
  test('existing sweep without --resume exits 2', async () => {
    const { code, stderr } = await runCli([...GRID, '--out', reference.dir]);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `initlab: ${reference.dir} already contains a sweep (${path.join(
        reference.dir,
        'sweep.json',
      )}); add --resume to continue it, or choose another --out`,
    );
  });

  test('--resume with other options names them', async () => {
    const args = [...GRID, '--out', reference.dir, '--resume'];
    args[args.indexOf('--epochs') + 1] = '3';
    args[args.indexOf('--seeds') + 1] = '1,2,3';
    const { code, stderr } = await runCli(args);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `initlab: cannot resume ${reference.dir}: it was started with --seeds 1,2, not 1,2,3; --epochs 2, not 3;` +
        ` rerun with the options it was started with (stored in ${path.join(
          reference.dir,
          'sweep.json',
        )}) or choose another --out`,
    );
  });

  test('--resume of an empty folder exits 2', async () => {
    const dir = await tempDir();
    const { code, stderr } = await runCli([...GRID, '--out', dir, '--resume']);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `initlab: nothing to resume: ${path.join(
        dir,
        'sweep.json',
      )} does not exist; run without --resume to start the sweep`,
    );
  });

  test('finished sweep resumes without training', async () => {
    const copy = await tempDir();
    const { cp } = await import('node:fs/promises');
    await cp(reference.dir, copy, { recursive: true });
    const { code, stdout, stderr } = await runCli([
      ...GRID,
      '--out',
      copy,
      '--resume',
    ]);

    expect(code).toBe(0);
    expect(stderr).toContain('sweep of 4 runs, 4 already done');
    expect(stderr).not.toContain('epoch 1/2');
    expect(stdout).toBe(reference.result.stdout);
  });
});

describe('initlab report on a sweep', () => {
  test.skipIf(skipBrowser !== undefined)(
    'renders offline in Chromium',
    async () => {
      const { code, stderr } = await runCli(['report', reference.dir]);
      const file = path.join(reference.dir, 'report.html');

      expect(code).toBe(0);
      expect(stderr.trim()).toBe(`report written to ${file}`);
      const html = await readFile(file, 'utf8');
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);

      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('request', (request) => requests.push(request.url()));
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

        expect(errors).toEqual([]);
        expect(requests).toEqual([pathToFileURL(file).href]);
        // 2 epoch charts, 4 across depth, 4 over time, 4 confusion matrices.
        expect(await page.locator('figure.chart svg').count()).toBe(14);
        expect(
          await page.locator('figure.chart svg path').count(),
        ).toBeGreaterThan(30);
        const accuracy = page.locator(
          'figure[data-name="set-1-test-accuracy"] svg',
        );
        // Each initializer has a band (filled path) and a line (stroked path).
        expect(await accuracy.locator('path[fill-opacity]').count()).toBe(2);
        expect(await accuracy.locator('path[stroke-width="2"]').count()).toBe(
          2,
        );
        const environment = await page
          .locator('section', { hasText: 'Environment' })
          .innerText();
        expect(environment).toContain(process.version);
        expect(environment).toContain(cpus()[0].model.trim());
        expect(environment).toContain('4.22.0');

        const figure = page.locator('figure[data-name="set-1-test-accuracy"]');
        const [svgDownload] = await Promise.all([
          page.waitForEvent('download'),
          figure.locator('button[data-save="svg"]').click(),
        ]);
        expect(svgDownload.suggestedFilename()).toBe('set-1-test-accuracy.svg');
        const svg = await readFile(await svgDownload.path(), 'utf8');
        expect(svg).toMatch(
          /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
        );

        const [pngDownload] = await Promise.all([
          page.waitForEvent('download'),
          figure.locator('button[data-save="png"]').click(),
        ]);
        expect(pngDownload.suggestedFilename()).toBe('set-1-test-accuracy.png');
        const png = await readFile(await pngDownload.path());
        expect([...png.subarray(0, 8)]).toEqual([
          0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
        ]);
        expect(errors).toEqual([]);
        expect(requests).toEqual([pathToFileURL(file).href]);

        await mkdir(ARTIFACTS, { recursive: true });
        await page.screenshot({
          path: path.join(ARTIFACTS, 'sweep-report.png'),
          fullPage: true,
        });
      } finally {
        await browser.close();
      }
    },
  );

  test('--out names the file', async () => {
    const out = path.join(await tempDir(), 'nested', 'r.html');
    const { code } = await runCli([
      'report',
      reference.dir,
      '--out',
      out,
      '--quiet',
    ]);

    expect(code).toBe(0);
    expect(await readFile(out, 'utf8')).toMatch(/^<!doctype html>/);
  });

  test('a folder without a sweep exits 2', async () => {
    const dir = await tempDir();
    const { code, stderr } = await runCli(['report', dir]);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `initlab: ${dir} is not a sweep folder: ${path.join(
        dir,
        'sweep.json',
      )} not found; pass the --out folder of initlab sweep`,
    );
  });
});
