import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect, test } from 'vitest';

import { runCli } from './cli';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** Returns the README's `pnpm initlab ...` commands, continuation lines joined. */
async function readmeCommands(): Promise<string[][]> {
  const text = (await readFile(README, 'utf8')).replace(/\\\n\s*/g, '');
  return [...text.matchAll(/^pnpm initlab (.+)$/gm)]
    .map((match) => match[1].trim().split(/\s+/))
    .filter((args) => args[0] in SHORTER);
}

// Every README example runs as written, in order and in one folder,
// shortened by options appended at the end (the last value of an option
// wins).
const SHORTER = {
  compare: ['--epochs', '1', '--train-limit', '600'],
  inspect: ['--examples', '200'],
  sweep: ['--epochs', '1', '--train-limit', '600', '--quiet'],
  report: [],
};

test('README examples run', async () => {
  const commands = await readmeCommands();
  expect(commands.map((args) => args[0])).toEqual(
    expect.arrayContaining(['compare', 'inspect', 'sweep', 'report']),
  );
  const cwd = await mkdtemp(path.join(tmpdir(), 'initlab-readme-'));
  for (const args of commands) {
    const extra = SHORTER[args[0] as keyof typeof SHORTER];
    const { code, stderr } = await runCli([...args, ...extra], cwd);

    expect(code, `${args.join(' ')}\n${stderr}`).toBe(0);
  }
});
