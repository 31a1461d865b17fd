import { createRequire } from 'node:module';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

/** Backends the benchmarks can run on in Node. */
export const BACKENDS = ['wasm', 'cpu', 'tensorflow'] as const;

export type BackendName = (typeof BACKENDS)[number];

/** Backend of a measurement, as recorded in the results. */
export interface BackendInfo {
  name: string;
  /** Package that provides the backend. */
  provider: string;
  /** Threads the backend computes with, where it reports them. */
  threads?: number;
  /** Whether the wasm backend runs its SIMD build. */
  simd?: boolean;
}

const require = createRequire(import.meta.url);

/** Loads and activates the backend `name`. Throws when its package is not installed. */
export async function useBackend(name: BackendName): Promise<BackendInfo> {
  const info: BackendInfo = { name, provider: '' };
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const manifest = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    wasm.setWasmPaths(path.join(path.dirname(manifest), 'dist') + path.sep);
    info.provider = '@tensorflow/tfjs-backend-wasm';
  } else if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    info.provider = '@tensorflow/tfjs-backend-cpu';
  } else {
    // A variable specifier keeps TypeScript from resolving the optional package.
    const specifier = '@tensorflow/tfjs-node';
    await import(specifier);
    info.provider = specifier;
  }
  if (!(await tf.setBackend(name))) {
    throw new Error(`tf.setBackend('${name}') returned false`);
  }
  await tf.ready();
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    info.threads = wasm.getThreadsCount();
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as boolean;
  }
  if (name === 'cpu') info.threads = 1;
  return info;
}

/**
 * Returns why `@tensorflow/tfjs-node` cannot be used here, or undefined
 * when it resolves from the bench package.
 */
export function tensorflowUnavailable(): string | undefined {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return undefined;
  } catch {
    return '@tensorflow/tfjs-node is not installed in bench/';
  }
}
