import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect, test } from 'vitest';

import type { ResultsFile } from '../src/results';
import { runCli } from './cli';

// The classic experiment with every default: 784-128-10 ReLU, SGD lr 0.001,
// batch 128, 10 epochs, seed 42, all 60,000 training images. PyTorch runs of
// the same setup are recorded in bench/pytorch/README.md.
test('classic experiment separates the initializers', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'initlab-classic-'));
  const json = path.join(dir, 'classic.json');
  const { code, stdout } = await runCli(['compare', '--json', json]);

  expect(code).toBe(0);
  expect(stdout).toContain('Test accuracy (%) by epoch');
  const results = JSON.parse(await readFile(json, 'utf8')) as ResultsFile;
  const final = (init: string) => {
    const run = results.runs.find((r) => r.init === init)!;
    expect(run.status).toBe('completed');
    expect(run.epochs).toHaveLength(10);
    return run.epochs[9].testAccuracy;
  };

  // Only the output bias learns, so the model always predicts the digit 1,
  // which is 1135 of the 10,000 test images.
  const zero = results.runs.find((r) => r.init === 'zero')!;
  expect(zero.epochs.map((e) => e.testAccuracy)).toEqual(new Array(10).fill(0.1135));
  expect(final('xavier')).toBeGreaterThan(0.89);
  expect(final('he')).toBeGreaterThan(0.89);
  expect(final('random')).toBeGreaterThan(0.8);
  expect(final('random')).toBeLessThan(final('xavier') - 0.01);
  expect(final('random')).toBeLessThan(final('he') - 0.01);
}, 600_000);
