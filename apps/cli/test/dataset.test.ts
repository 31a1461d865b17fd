import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import type { ResultsFile } from '../src/results';
import type { SweepResultsFile } from '../src/sweep-store';
import { IN_CI, runCli } from './cli';

/** Where Debian's dataset-fashion-mnist package puts the files. */
const FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

const FILES =
  'train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte';

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'initlab-dataset-'));
}

// Outside CI these tests need the package installed; in CI they always run.
describe.runIf(existsSync(FASHION_MNIST) || IN_CI)(
  'Fashion-MNIST from the Debian package',
  () => {
    test('sweep trains on it', async () => {
      const out = path.join(await tempDir(), 'fashion');
      const { code, stderr } = await runCli([
        'sweep',
        '--dataset',
        'fashion-mnist',
        '--inits',
        'zero,he',
        '--epochs',
        '1',
        '--train-limit',
        '1000',
        '--lrs',
        '0.05',
        '--out',
        out,
        '--quiet',
      ]);

      expect(code, stderr).toBe(0);
      const results = JSON.parse(
        await readFile(path.join(out, 'results.json'), 'utf8'),
      ) as SweepResultsFile;
      expect(results.definition.dataset).toBe('fashion-mnist');
      const [zero, he] = results.runs;
      // The Fashion-MNIST test set has 1,000 images of each class, so a model
      // that predicts one class scores exactly 10% (on MNIST: 11.35%).
      expect(zero.epochs[0].testAccuracy).toBe(0.1);
      expect(he.epochs[0].testAccuracy).toBeGreaterThan(0.5);
      expect(
        he.confusion!.map((row) => row.reduce((a, b) => a + b, 0)),
      ).toEqual(new Array(10).fill(1000));

      const report = await runCli(['report', out, '--quiet']);
      expect(report.code).toBe(0);
      expect(await readFile(path.join(out, 'report.html'), 'utf8')).toContain(
        '9 Ankle boot',
      );
    });

    test('compare records the dataset', async () => {
      const json = path.join(await tempDir(), 'fashion.json');
      const { code, stderr } = await runCli([
        'compare',
        '--dataset',
        'fashion-mnist',
        '--inits',
        'zero',
        '--epochs',
        '1',
        '--train-limit',
        '500',
        '--json',
        json,
      ]);

      expect(code).toBe(0);
      expect(stderr).toContain('on 500 fashion-mnist images');
      const results = JSON.parse(await readFile(json, 'utf8')) as ResultsFile;
      expect(results.config.dataset).toBe('fashion-mnist');
      expect(results.runs[0].epochs[0].testAccuracy).toBe(0.1);
    });
  },
);

describe('missing data sets', () => {
  test('empty fashion-mnist folder names package', async () => {
    const empty = await tempDir();
    const { code, stdout, stderr } = await runCli([
      'compare',
      '--dataset',
      'fashion-mnist',
      '--data-dir',
      empty,
    ]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `^initlab: Fashion-MNIST not found: ${empty} has no t?[a-z0-9-]+ubyte \\(plain or \\.gz\\); `,
      ),
    );
    expect(stderr).toContain(
      `pass --data-dir a folder with ${FILES}, or omit --data-dir to read ${FASHION_MNIST} after: apt-get install dataset-fashion-mnist`,
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('missing folder exits before writing', async () => {
    const parent = await tempDir();
    const missing = path.join(parent, 'nope');
    const out = path.join(parent, 'out');
    const { code, stderr } = await runCli([
      'sweep',
      '--data-dir',
      missing,
      '--out',
      out,
    ]);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `initlab: MNIST-layout data not found: ${missing} does not exist; pass --data-dir a folder with ${FILES}, or omit --data-dir to use the bundled MNIST`,
    );
    expect(existsSync(out)).toBe(false);
  });

  test('an unknown dataset exits 2', async () => {
    const { code, stderr } = await runCli(['compare', '--dataset', 'cifar10']);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'initlab: --dataset must be one of mnist, fashion-mnist; got "cifar10"',
    );
  });
});
