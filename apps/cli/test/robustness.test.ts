import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { runCli, startCli } from './cli';

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'initlab-robust-'));
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)!;
}

describe('output paths are checked before training', () => {
  test('a folder as --json exits 2', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'out'));
    const { code, stderr } = await runCli(['compare', '--json', 'out'], dir);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe('initlab: --json out is a folder; give the path of a regular file');
  });

  test('a FIFO as --json is left alone', async () => {
    const dir = await tempDir();
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const { code, stderr } = await runCli(['compare', '--json', 'pipe'], dir);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe('initlab: --json pipe is not a regular file; give the path of a regular file');
    expect(await readdir(dir)).toEqual(['pipe']);
  });

  test('a path through a file exits 2', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'plain'), '');
    const { code, stderr } = await runCli(['inspect', '--json', 'plain/x.json'], dir);

    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/--json plain\/x\.json cannot be created: .*plain is not a folder$/);
  });

  test('report refuses to write over JSON', async () => {
    const dir = await tempDir();
    const json = path.join(dir, 'r.json');
    expect((await runCli(['compare', '--inits', 'he', '--epochs', '1', '--train-limit', '300',
      '--json', json])).code).toBe(0);
    const before = await readFile(json, 'utf8');
    const { code, stderr } = await runCli(['report', json, '--out', json]);

    expect(code).toBe(2);
    expect(lastLine(stderr)).toBe(`initlab: --out must name an .html file; got ${json}`);
    expect(await readFile(json, 'utf8')).toBe(before);
  });
});

describe('interrupted comparisons are protected', () => {
  async function interrupted(dir: string): Promise<void> {
    const running = startCli(
      ['compare', '--inits', 'he,xavier', '--epochs', '20', '--workers', '1', '--json', 'r.json'],
      dir,
    );
    await running.waitForStderr(/he: epoch 1\/20/);
    running.child.kill('SIGINT');
    expect((await running.result).code).toBe(130);
  }

  test('a new comparison will not overwrite one', async () => {
    const dir = await tempDir();
    await interrupted(dir);
    const { code, stderr } = await runCli(['compare', '--json', 'r.json'], dir);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'initlab: r.json holds an unfinished comparison; continue it with initlab compare --resume r.json, or delete it to start over',
    );
    expect(await readdir(path.join(dir, 'r.json.checkpoints'))).not.toEqual([]);
  });

  test('a damaged checkpoint exits 2 and is kept', async () => {
    const dir = await tempDir();
    await interrupted(dir);
    const file = path.join(dir, 'r.json.checkpoints', 'run-0.json');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    stored.checkpoint.epoch = 0;
    await writeFile(file, JSON.stringify(stored));
    const { code, stderr } = await runCli(['compare', '--resume', 'r.json'], dir);

    expect(code).toBe(2);
    expect(lastLine(stderr)).toBe(
      'initlab: cannot resume from r.json.checkpoints/run-0.json: epoch must be an integer in [1, 20]; got 0; delete it to restart run "he" from the beginning',
    );
    expect(existsSync(file)).toBe(true);
  });

  test('a finished comparison is overwritten and its old checkpoints go', async () => {
    const dir = await tempDir();
    const args = ['compare', '--inits', 'he', '--epochs', '1', '--train-limit', '300', '--json', 'r.json'];
    expect((await runCli(args, dir)).code).toBe(0);
    await mkdir(path.join(dir, 'r.json.checkpoints'));
    await writeFile(path.join(dir, 'r.json.checkpoints', 'run-0.json'), '{}');

    expect((await runCli(args, dir)).code).toBe(0);
    expect(existsSync(path.join(dir, 'r.json.checkpoints'))).toBe(false);
  });

  test('resuming a finished file trains nothing', async () => {
    const dir = await tempDir();
    const args = ['compare', '--inits', 'he', '--epochs', '1', '--train-limit', '300', '--json', 'r.json'];
    expect((await runCli(args, dir)).code).toBe(0);
    const { code, stdout, stderr } = await runCli(['compare', '--resume', 'r.json'], dir);

    expect(code).toBe(0);
    expect(stderr.trim()).toBe('r.json: every run has finished; nothing to resume');
    expect(stdout).toContain('Test accuracy (%) by epoch');
  });
});

describe('limits named before any work', () => {
  test.each([
    [['compare', '--hidden', '1000000000'], /^initlab: --hidden gives a network of 7\.95e\+11 weights; the limit is 5e\+7/],
    [['inspect', '--examples', '60000'], /^initlab: --examples must be at most 10000; got 60000$/],
    [['inspect', '--depth', '100000', '--width', '256'], /^initlab: --depth and --width gives a network of/],
    [['compare', '--lr', '0x10'], /^initlab: --lr must be a positive finite number; got "0x10"$/],
    [['compare', '--inits', 'he,he'], /^initlab: --inits lists he twice; each initializer names one run$/],
    [['compare', '--inits', 'dirac'], /dirac initializes convolution kernels \[h, w, in, out\] only/],
    [['compare', '--epoch', '3'], /^initlab: unknown option --epoch; see initlab compare --help$/],
  ])('%j exits 2', async (args, pattern) => {
    const { code, stderr } = await runCli(args);

    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(pattern);
  });
});
