import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import { PUBLISHED_PACKAGES, REPO_ROOT, run } from './scratch';

describe('release dry run', () => {
  test('publishes the four public packages', async () => {
    // --force also lists versions that the registry already has, which a
    // real publish skips, so the check does not change after a release.
    const stdout = await run(
      'pnpm',
      ['--recursive', 'publish', '--dry-run', '--no-git-checks', '--force'],
      REPO_ROOT,
    );
    const published = stdout
      .split('\n')
      .filter((line) => line.startsWith('+ '))
      .map((line) => line.slice(2).trim())
      .sort();

    const expected: string[] = [];
    for (const [name, folder] of Object.entries(PUBLISHED_PACKAGES)) {
      const manifestPath = join(REPO_ROOT, folder, 'package.json');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
      expected.push(`${name}@${manifest.version}`);
    }
    expect(published).toEqual(expected.sort());
  });
});
