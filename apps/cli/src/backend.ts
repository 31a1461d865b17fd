import { createRequire } from 'node:module';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import { UsageError } from './errors';

/** Values of `--backend`. */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The backend in use and why each earlier candidate was passed over. */
export interface BackendSelection {
  /** tfjs backend name: `tensorflow`, `wasm` or `cpu`. */
  name: string;
  /** Package that provides it. */
  provider: string;
  /** Whether the native backend runs its kernels on a GPU. */
  gpu: boolean;
  skipped: { provider: string; reason: string }[];
}

interface Candidate {
  provider: string;
  backend: string;
  load(): Promise<void>;
}

const require = createRequire(import.meta.url);

const CANDIDATES: Candidate[] = [
  {
    provider: '@tensorflow/tfjs-node-gpu',
    backend: 'tensorflow',
    load: () => importOptional('@tensorflow/tfjs-node-gpu'),
  },
  {
    provider: '@tensorflow/tfjs-node',
    backend: 'tensorflow',
    load: () => importOptional('@tensorflow/tfjs-node'),
  },
  {
    provider: '@tensorflow/tfjs-backend-wasm',
    backend: 'wasm',
    load: async () => {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const packageJson = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
      wasm.setWasmPaths(path.join(path.dirname(packageJson), 'dist') + path.sep);
    },
  },
  {
    provider: '@tensorflow/tfjs-backend-cpu',
    backend: 'cpu',
    load: async () => {
      await import('@tensorflow/tfjs-backend-cpu');
    },
  },
];

/**
 * Picks the fastest backend that loads here: the native TensorFlow
 * bindings (GPU build first), then wasm, then the plain JavaScript cpu
 * backend. `tensorflow` restricts the search to the native packages.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  const candidates = CANDIDATES.filter(
    (candidate) => choice === 'auto' || candidate.backend === choice,
  );
  const skipped: BackendSelection['skipped'] = [];
  for (const candidate of candidates) {
    try {
      await candidate.load();
      if (!(await tf.setBackend(candidate.backend))) {
        throw new Error(`tf.setBackend('${candidate.backend}') returned false`);
      }
      await tf.ready();
      return {
        name: tf.getBackend(),
        provider: candidate.provider,
        gpu: usesGpu(),
        skipped,
      };
    } catch (error) {
      skipped.push({ provider: candidate.provider, reason: describe(error) });
    }
  }
  const reasons = skipped.map((s) => `${s.provider}: ${s.reason}`).join('; ');
  const install =
    choice === 'tensorflow'
      ? '; install it with: pnpm add @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu) in apps/cli'
      : '';
  throw new UsageError(`backend ${choice} is not available (${reasons})${install}`);
}

/** Decides GPU use from the backend object, not from a successful import. */
function usesGpu(): boolean {
  const backend = tf.backend() as { isUsingGpuDevice?: boolean };
  return backend.isUsingGpuDevice === true;
}

async function importOptional(name: string): Promise<void> {
  // A variable specifier keeps bundlers from resolving the optional package.
  const specifier = name;
  await import(specifier);
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0];
  if (/Cannot find (module|package)/.test(firstLine)) return 'not installed';
  return firstLine;
}
