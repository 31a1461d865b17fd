import { createRequire } from 'node:module';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';

import { CATALOGUE } from './testing/catalogue';
import { take, useCpuBackend } from './testing/stats';

const require = createRequire(import.meta.url);
const wasmPackage = require.resolve(
  '@tensorflow/tfjs-backend-wasm/package.json',
);

const SEED = 2024;
const cpuValues = new Map<string, Float32Array>();

beforeAll(async () => {
  await useCpuBackend();
  for (const entry of CATALOGUE) {
    cpuValues.set(entry.factory, take(entry.create(SEED).apply(entry.shape)));
  }
  setWasmPaths(`${path.dirname(wasmPackage)}/dist/`);
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('wasm backend', () => {
  it('is active', () => {
    expect(tf.getBackend()).toBe('wasm');
  });

  it.each(CATALOGUE)('gives the cpu values of $factory for a seed', (entry) => {
    const values = take(entry.create(SEED).apply(entry.shape));
    expect(values).toEqual(cpuValues.get(entry.factory));
  });

  it.each(CATALOGUE)('leaks no tensors for $factory', (entry) => {
    const before = tf.memory().numTensors;
    entry.create(SEED).apply(entry.shape).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
