import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import type { SweepFile } from '../src/sweep-store';
import { runCli } from './cli';

async function configFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'initlab-config-'));
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** Runs a sweep from `file` and returns its one-line error. */
async function configError(file: string): Promise<string> {
  const out = path.join(path.dirname(file), 'out');
  const { code, stdout, stderr } = await runCli([
    'sweep',
    '--config',
    file,
    '--out',
    out,
  ]);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr.trim().split('\n')).toHaveLength(1);
  return stderr.trim();
}

describe('sweep config file errors name the file and the key', () => {
  test.each([
    [
      'sweep.yaml',
      'epoch: 3\n',
      /: unknown key "epoch" \(did you mean "epochs"\?\); valid keys: inits, activations, hidden,/,
    ],
    [
      'sweep.json',
      '{"batchSize": 64}',
      /: unknown key "batchSize" \(did you mean "batch-size"\?\)/,
    ],
    [
      'sweep.yaml',
      'epochs: 0\n',
      /: epochs must be a positive integer; got "0"$/,
    ],
    [
      'sweep.json',
      '{"epochs": [1, 2]}',
      /: epochs must be a single string or number; got \[1,2\]$/,
    ],
    [
      'sweep.yaml',
      'lrs: [0.1, -1]\n',
      /: lrs must be a positive finite number; got "-1"$/,
    ],
    [
      'sweep.json',
      '{"lrs": [0.1, {"x": 1}]}',
      /: lrs must be a list of strings or numbers; got \[0.1,\{"x":1\}\]$/,
    ],
    [
      'sweep.yaml',
      'optimizers: [sgd, adamw]\n',
      /: optimizers must be one of sgd, adam, rmsprop; got "adamw"$/,
    ],
    [
      'sweep.yaml',
      'activations: relu6\n',
      /: activations must be one of relu, /,
    ],
    [
      'sweep.yaml',
      'hidden: [128, [256]]\n',
      /: hidden must be a list of widths, or a list of architectures/,
    ],
    [
      'sweep.json',
      '{"hidden": "128||64"}',
      /: hidden must be architectures separated by \| or ;/,
    ],
    [
      'sweep.yaml',
      'seeds: [1, 1]\n',
      /: seeds lists 1 twice; each value is a separate set of runs$/,
    ],
    ['sweep.yaml', 'stats: yes\n', /: stats must be true or false; got "yes"$/],
    [
      'sweep.yaml',
      'inits: [he, bogus]\n',
      /: inits bogus: Unknown initializer 'bogus'.*\(short names: zero, random, xavier, he\)$/,
    ],
    [
      'sweep.yaml',
      'dataset: cifar\n',
      /: dataset must be one of mnist, fashion-mnist; got "cifar"$/,
    ],
  ])('%s %j', async (name, text, pattern) => {
    const file = await configFile(name, text);
    const message = await configError(file);

    expect(message.startsWith(`initlab: ${file}: `)).toBe(true);
    expect(message).toMatch(pattern);
  });

  test('invalid YAML names the file', async () => {
    const file = await configFile('bad.yml', 'inits: [he, xavier\n');

    expect(await configError(file)).toMatch(
      new RegExp(`^initlab: ${file}: invalid YAML: `),
    );
  });

  test('invalid JSON names the file', async () => {
    const file = await configFile('bad.json', '{"inits": ["he",]}');

    expect(await configError(file)).toMatch(
      new RegExp(`^initlab: ${file}: invalid JSON: `),
    );
  });

  test('a list at the top level is rejected', async () => {
    const file = await configFile('list.yaml', '- he\n- xavier\n');

    expect(await configError(file)).toBe(
      `initlab: ${file}: expected a mapping of option names to values, such as "epochs: 3"; got a list`,
    );
  });

  test('a missing file exits 2', async () => {
    const { code, stderr } = await runCli([
      'sweep',
      '--config',
      '/nonexistent/sweep.yaml',
      '--out',
      'x',
    ]);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'initlab: cannot read config file /nonexistent/sweep.yaml: ENOENT',
    );
  });
});

describe('sweep config file values', () => {
  test('YAML lists and flag overrides', async () => {
    const file = await configFile(
      'sweep.yaml',
      [
        'inits: [he, "random:stddev=0.1"]',
        'hidden: [[32], "16,16"]',
        'lrs: 0.05',
        'seeds: [7]',
        'epochs: 5',
        'train-limit: 600',
      ].join('\n'),
    );
    const out = path.join(path.dirname(file), 'out');
    const { code, stdout, stderr } = await runCli([
      'sweep',
      '--config',
      file,
      '--epochs',
      '1',
      '--out',
      out,
      '--quiet',
    ]);

    expect(code, stderr).toBe(0);
    const sweep = JSON.parse(
      await readFile(path.join(out, 'sweep.json'), 'utf8'),
    ) as SweepFile;
    expect(sweep.definition.grid).toEqual({
      inits: ['he', 'random:stddev=0.1'],
      activations: ['relu'],
      hidden: [[32], [16, 16]],
      optimizers: ['sgd'],
      learningRates: [0.05],
      seeds: [7],
    });
    expect(sweep.definition.epochs).toBe(1);
    expect(sweep.runs).toHaveLength(4);
    expect(stdout).toMatch(/rank +init +hidden +runs ok/);
    expect(stdout).toMatch(/random:stddev=0\.1 +16,16 +1/);
  });

  test('JSON and YAML give same ids', async () => {
    const yaml = await configFile(
      'a.yaml',
      'inits: [he]\nhidden: [[32], [16, 16]]\nlrs: [0.05]\n',
    );
    const json = await configFile(
      'b.json',
      '{"inits": "he", "hidden": "32|16,16", "lrs": "0.05"}',
    );
    const ids = async (file: string) => {
      const out = path.join(path.dirname(file), 'out');
      await runCli([
        'sweep',
        '--config',
        file,
        '--epochs',
        '1',
        '--train-limit',
        '300',
        '--out',
        out,
        '--quiet',
      ]);
      return (
        JSON.parse(
          await readFile(path.join(out, 'sweep.json'), 'utf8'),
        ) as SweepFile
      ).runs;
    };

    expect(await ids(json)).toEqual(await ids(yaml));
  });
});

describe('initlab sweep usage errors', () => {
  test.each([
    [['--inits', 'he'], /^initlab: --out DIR is required: /],
    [
      ['--out', 'x', '--lr', '0.1'],
      /^initlab: Unknown option '--lr'; a sweep takes lists: use --lrs; see initlab sweep --help$/,
    ],
    [
      ['--out', 'x', '--hidden', '128;;64'],
      /^initlab: --hidden must be architectures separated by \| or ;/,
    ],
    [
      ['--out', 'x', '--hidden', '128,0'],
      /^initlab: --hidden must be a positive integer; got "0"$/,
    ],
    [
      ['--out', 'x', '--seeds', '1,x'],
      /^initlab: --seeds must be an integer; got "x"$/,
    ],
    [['--out', 'x', '--lrs', '0.1,1e-1'], /^initlab: --lrs lists 0.1 twice/],
    [['--out', 'x', '--inits', 'he,nope'], /^initlab: --inits nope: /],
    [
      ['--out', 'x', 'extra'],
      /^initlab: unexpected argument "extra"; see initlab sweep --help$/,
    ],
  ])('%j exits 2 with one line', async (args, pattern) => {
    const { code, stdout, stderr } = await runCli(['sweep', ...args]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(pattern);
  });
});
