import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE_DIR = dirname(fileURLToPath(import.meta.url));

/** Source files reachable from `entry` through relative imports. */
async function collectModules(entry: string): Promise<Map<string, string>> {
  const modules = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (modules.has(name)) continue;
    const text = await readFile(join(SOURCE_DIR, `${name}.ts`), 'utf8');
    modules.set(name, text);
    for (const match of text.matchAll(/from '\.\/([\w-]+)'/g)) {
      pending.push(match[1]);
    }
  }
  return modules;
}

describe('the main entry', () => {
  it('imports only its own modules', async () => {
    const modules = await collectModules('index');

    expect([...modules.keys()].sort()).toEqual([
      'errors',
      'fetch',
      'files',
      'gzip',
      'idx',
      'index',
      'mnist',
      'streams',
    ]);
    for (const [name, text] of modules) {
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(
        imports.filter((source) => !source.startsWith('./')),
        name,
      ).toEqual([]);
    }
  });

  it('uses no Node-only globals', async () => {
    const modules = await collectModules('index');

    for (const [name, text] of modules) {
      expect(text, name).not.toMatch(/\b(Buffer|process|require|__dirname)\b/);
    }
  });
});
