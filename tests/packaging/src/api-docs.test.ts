import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, test } from 'vitest';

import { REPO_ROOT, run } from './scratch';

// The API reference is generated from the TSDoc comments, not committed.
// This test keeps `pnpm docs:api` working, because typedoc.json turns
// broken links and other validation warnings into errors.
test('API reference builds without warnings', async () => {
  const out = await mkdtemp(join(tmpdir(), 'initlab-api-'));
  await run('pnpm', ['exec', 'typedoc', '--out', out], REPO_ROOT);

  for (const page of ['index.html', 'modules/_initlab_initializers.html', 'functions']) {
    expect(existsSync(join(out, page)), page).toBe(true);
  }
}, 120_000);
