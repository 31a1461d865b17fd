import { readFile } from 'node:fs/promises';

import { expect, test, vi } from 'vitest';

/** Imports an example and returns what it printed with console.log. */
async function runExample(load: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args) => {
    lines.push(args.join(' '));
  });
  try {
    await load();
  } finally {
    log.mockRestore();
  }
  return lines.map((line) => `${line}\n`).join('');
}

test('README example runs and prints its output', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const code = await readFile(new URL('../examples/quick-start.ts', import.meta.url), 'utf8');
  const output = await runExample(() => import('../examples/quick-start'));

  expect(readme).toContain('```ts\n' + code + '```');
  expect(readme).toContain('```text\n' + output + '```');
});
