import * as tf from '@tensorflow/tfjs-core';

import type { BackendChoice } from '../config';

/** The backend in use, and why earlier candidates were passed over. */
export interface BackendSelection {
  name: string;
  notes: string[];
}

/** A tfjs backend the site can run on. */
export type BackendName = Exclude<BackendChoice, 'auto'>;

/** Order tried by `auto`, usually the fastest first. */
const AUTO_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
}

/**
 * Checks that the browser can run `name` and imports its package, which
 * registers it with tfjs-core. Returns why it cannot run, or undefined.
 * Checking first keeps tfjs from logging a failed initialization.
 */
async function prepare(
  name: BackendName,
  wasmUrl: string,
  allowSoftwareWebgl: boolean,
): Promise<string | undefined> {
  switch (name) {
    case 'webgpu': {
      const gpu = (navigator as GpuNavigator).gpu;
      if (!gpu) return 'this browser has no WebGPU';
      if ((await gpu.requestAdapter()) === null) return 'no WebGPU adapter';
      await import('@tensorflow/tfjs-backend-webgpu');
      return undefined;
    }
    case 'webgl': {
      if (typeof OffscreenCanvas === 'undefined') return 'no OffscreenCanvas in workers';
      // Importing the package registers the flag. Without it tfjs rejects
      // a software WebGL context (SwiftShader), and auto moves on to wasm:
      // in the web tests on 2 cores, wasm took 3 ms per step and
      // SwiftShader 40 to 80.
      await import('@tensorflow/tfjs-backend-webgl');
      tf.env().set('SOFTWARE_WEBGL_ENABLED', allowSoftwareWebgl);
      const context = new OffscreenCanvas(1, 1).getContext('webgl2', {
        failIfMajorPerformanceCaveat: !allowSoftwareWebgl,
      });
      if (!context) {
        return allowSoftwareWebgl
          ? 'no WebGL 2 in workers'
          : 'no hardware-accelerated WebGL 2 in workers';
      }
      context.getExtension('WEBGL_lose_context')?.loseContext();
      return undefined;
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmUrl);
      return undefined;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return undefined;
  }
}

/**
 * Starts the backend `name` alone, without trying another. Returns why it
 * cannot run, or undefined once it is the active backend. Software WebGL
 * counts only when `allowSoftwareWebgl` is set.
 */
export async function startBackend(
  name: BackendName,
  wasmUrl: string,
  allowSoftwareWebgl: boolean,
): Promise<string | undefined> {
  const reason = await prepare(name, wasmUrl, allowSoftwareWebgl);
  if (reason !== undefined) return reason;
  if (!(await tf.setBackend(name))) return 'failed to initialize';
  await tf.ready();
  return undefined;
}

/**
 * Picks the backend: the requested one, or for `auto` (and when the
 * requested one fails) the first of webgpu, webgl, wasm and cpu that
 * initializes. Software WebGL counts only when webgl is requested by name.
 */
export async function selectBackend(
  choice: BackendChoice,
  wasmUrl: string,
): Promise<BackendSelection> {
  const notes: string[] = [];
  const candidates =
    choice === 'auto' ? AUTO_ORDER : [choice, ...AUTO_ORDER.filter((name) => name !== choice)];
  for (const name of candidates) {
    try {
      const reason = await startBackend(name, wasmUrl, choice === 'webgl');
      if (reason !== undefined) {
        notes.push(`${name}: ${reason}`);
        continue;
      }
      return { name: tf.getBackend(), notes };
    } catch (error) {
      notes.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`no tfjs backend could start (${notes.join('; ')})`);
}
