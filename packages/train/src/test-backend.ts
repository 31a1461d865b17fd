import { createRequire } from 'node:module';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Switches tfjs to the wasm backend, loading its binaries from disk. */
export async function useWasmBackend(): Promise<void> {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  setWasmPaths(path.join(path.dirname(packageJson), 'dist') + path.sep);
  await tf.setBackend('wasm');
  await tf.ready();
}
