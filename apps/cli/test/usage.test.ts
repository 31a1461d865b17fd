import { describe, expect, test } from 'vitest';

import { runCli } from './cli';

describe('initlab compare usage errors', () => {
  test.each([
    [['--inits', 'zero,bogus'], /--inits bogus: .*bogus.*zero, random, xavier, he/],
    [['--epochs', '0'], /^initlab: --epochs must be a positive integer; got "0"$/],
    [['--lr', 'NaN'], /^initlab: --lr must be a positive finite number; got "NaN"$/],
    [['--backend', 'tpu'], /^initlab: --backend must be one of auto, tensorflow, wasm, cpu; got "tpu"$/],
    [['--hidden', '128,,64'], /--hidden must be a comma-separated list/],
    [['--activation', 'relu6'], /--activation must be one of relu, leakyRelu/],
    [['--batch-size', '-3'], /--batch-size must be a positive integer; got "-3"/],
    [['--inits', 'random:stddev'], /invalid initializer parameter "stddev"/],
    [['--inits', 'random:stddev=-1'], /stddev must be a positive finite number; got -1/],
    [['--inits', 'random:stdev=0.1'], /randomNormal takes no option 'stdev'; valid options: 'mean', 'stddev', 'seed'/],
    [['--inits', 'he_normall'], /Did you mean 'heNormal'\?/],
    [['--inits', 'lsuv:tol=1'], /lsuv takes no option 'tol'; valid options: tolerance, maxIterations, orthogonalStart/],
    [['--inits', 'lsuv:tolerance=2'], /tolerance must be in \(0, 1\); got 2/],
    [['--frobnicate'], /^initlab: unknown option --frobnicate; see initlab compare --help$/],
  ])('%j exits 2 with one line', async (args, pattern) => {
    const { code, stdout, stderr } = await runCli(['compare', ...args]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(pattern);
  });

  test('unknown command exits 2', async () => {
    const { code, stderr } = await runCli(['train']);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'initlab: unknown command "train"; valid commands: compare, sweep, report, inspect',
    );
  });

  test('--help lists every option', async () => {
    const { code, stdout } = await runCli(['compare', '--help']);

    expect(code).toBe(0);
    for (const flag of ['--inits', '--epochs', '--batch-size', '--lr', '--optimizer', '--hidden',
      '--activation', '--seed', '--backend', '--train-limit', '--json', '--data-dir']) {
      expect(stdout).toContain(flag);
    }
  });

  test('top-level help lists commands, exit codes', async () => {
    const { code, stdout } = await runCli(['--help']);

    expect(code).toBe(0);
    for (const command of ['compare', 'sweep', 'report', 'inspect']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(stdout).toContain('Exit codes: 0 success, 1 a run failed or diverged, 2 invalid usage,');
    expect(stdout).toContain('130 or 143 stopped by SIGINT or SIGTERM');
  });

  test.each(['compare', 'sweep', 'report', 'inspect'])('%s --help gives every option a default', async (command) => {
    const { code, stdout } = await runCli([command, '--help']);

    expect(code).toBe(0);
    // An option's entry is its line and the indented lines that continue it.
    const entries = stdout.split(/\n(?=  -)/).filter((entry) => /^  --?[a-z]/.test(entry));
    expect(entries.length).toBeGreaterThan(3);
    for (const entry of entries) {
      if (entry.includes('--help')) continue;
      expect(entry, entry).toMatch(/\((default|required)\b[^)]*\)|default[ ,;:]/);
    }
  });

  test('a missing native backend names the install command', async () => {
    const { code, stderr } = await runCli(['compare', '--backend', 'tensorflow']);

    expect(code).toBe(2);
    expect(stderr).toContain('@tensorflow/tfjs-node-gpu: not installed');
    expect(stderr).toContain('pnpm add @tensorflow/tfjs-node');
  });
});
