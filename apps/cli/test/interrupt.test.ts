import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, test } from 'vitest';

import type { ResultsFile } from '../src/results';
import { runCli, startCli } from './cli';

// Runs long enough (several seconds) to be interrupted mid-epoch.
const ARGS = [
  'compare', '--inits', 'he,random,xavier', '--epochs', '3', '--train-limit', '15000',
  '--lr', '0.01', '--optimizer', 'adam', '--workers', '2',
];

type Epochs = Omit<ResultsFile['runs'][number]['epochs'][number], 'seconds'>[][];

let reference: Epochs;

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'initlab-interrupt-'));
}

async function readEpochs(file: string): Promise<Epochs> {
  const results = JSON.parse(await readFile(file, 'utf8')) as ResultsFile;
  return results.runs.map((run) => run.epochs.map(({ seconds: _s, ...rest }) => rest));
}

beforeAll(async () => {
  const dir = await tempDir();
  const { code } = await runCli([...ARGS, '--json', 'full.json'], dir);
  expect(code).toBe(0);
  reference = await readEpochs(path.join(dir, 'full.json'));
}, 120_000);

describe('interrupting initlab compare', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)('%s stops, then --resume matches', async (signal) => {
    const dir = await tempDir();
    const running = startCli([...ARGS, '--json', 'r.json'], dir);
    await running.waitForStderr(/he: epoch 1\/3/);
    running.child.kill(signal);
    const stopped = await running.result;

    expect(stopped.code).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(stopped.stderr).toContain(`stopped by ${signal}; continue with: initlab compare --resume r.json`);
    const partial = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as ResultsFile;
    expect(partial.runs.some((run) => run.status === 'stopped')).toBe(true);
    expect(await readdir(path.join(dir, 'r.json.checkpoints'))).not.toHaveLength(0);

    const resumed = await runCli(['compare', '--resume', 'r.json'], dir);
    expect(resumed.code).toBe(0);
    expect(await readEpochs(path.join(dir, 'r.json'))).toEqual(reference);
    expect(existsSync(path.join(dir, 'r.json.checkpoints'))).toBe(false);
  });

  test('kill -9 at random points leaves only complete files', async () => {
    const dir = await tempDir();
    const json = path.join(dir, 'r.json');
    // Seeded delays (ms) between the first epoch and the kill.
    let state = 12345;
    const nextDelay = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return 50 + (state % 700);
    };
    let kills = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const args = existsSync(json) ? ['compare', '--resume', 'r.json'] : [...ARGS, '--json', 'r.json'];
      const running = startCli(args, dir);
      const ended = running.result.then(() => true);
      const first = running.waitForStderr(/epoch \d\/3/).then(() => false, () => true);
      if (await Promise.race([first, ended])) break;
      await new Promise((resolve) => setTimeout(resolve, nextDelay()));
      running.child.kill('SIGKILL');
      if ((await running.result).signal === 'SIGKILL') kills++;

      if (existsSync(json)) {
        const results = JSON.parse(await readFile(json, 'utf8')) as ResultsFile;
        expect(results.format).toBe(1);
      }
      const checkpoints = path.join(dir, 'r.json.checkpoints');
      for (const name of existsSync(checkpoints) ? await readdir(checkpoints) : []) {
        if (name.endsWith('.tmp')) continue;
        const stored = JSON.parse(await readFile(path.join(checkpoints, name), 'utf8'));
        expect(stored.format).toBe(1);
      }
    }
    const finished = await runCli(
      existsSync(json) ? ['compare', '--resume', 'r.json'] : [...ARGS, '--json', 'r.json'],
      dir,
    );

    expect(kills).toBeGreaterThanOrEqual(3);
    expect(finished.code).toBe(0);
    expect(await readEpochs(json)).toEqual(reference);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('resume errors', () => {
  test('a missing file exits 2', async () => {
    const dir = await tempDir();
    const { code, stderr } = await runCli(['compare', '--resume', 'nope.json'], dir);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'initlab: cannot read nope.json: ENOENT; pass the --json file of the comparison to resume',
    );
  });

  test('a damaged file exits 2', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'bad.json'), '{"format": 1, "config": ');
    const { code, stderr } = await runCli(['compare', '--resume', 'bad.json'], dir);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe('initlab: cannot resume from bad.json: it is not valid JSON');
  });

  test('an invalid stored config exits 2', async () => {
    const dir = await tempDir();
    const file = { format: 1, config: { inits: ['he'], epochs: 0 }, runs: [] };
    await writeFile(path.join(dir, 'bad.json'), JSON.stringify(file));
    const { code, stderr } = await runCli(['compare', '--resume', 'bad.json'], dir);

    expect(code).toBe(2);
    expect(stderr).toContain('its config is invalid: --epochs must be a positive integer; got "0"');
  });

  test('--resume rejects training options', async () => {
    const { code, stderr } = await runCli(['compare', '--resume', 'r.json', '--epochs', '3']);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'initlab: --epochs cannot be combined with --resume, which takes the configuration from r.json',
    );
  });
});
