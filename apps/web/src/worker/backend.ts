import * as tf from '@tensorflow/tfjs-core';

import type { BackendChoice } from '../config';

/** The backend in use, and why earlier candidates were passed over. */
export interface BackendSelection {
  name: string;
  notes: string[];
}

/** Name of a tfjs backend that the site can run on. */
export type BackendName = Exclude<BackendChoice, 'auto'>;

/** Order tried by `auto`, usually the fastest first. */
const AUTO_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Renderer or adapter names of the software rasterizers of Chromium and Mesa. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe/i;

/** Returns whether a WebGL renderer or WebGPU adapter name is a software rasterizer's. */
export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE_RENDERER.test(name);
}

/**
 * Returns the renderer name of a WebGL context: the unmasked one, or the
 * plain RENDERER string where the browser does not offer
 * WEBGL_debug_renderer_info.
 */
export function webglRenderer(gl: WebGLRenderingContext | WebGL2RenderingContext): string {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
}

/** Fields of a WebGPU adapter's `info` that name the adapter and identify a software one. */
export interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

interface GpuNavigator {
  gpu?: {
    requestAdapter(): Promise<(GpuAdapterInfo & { info?: GpuAdapterInfo }) | null>;
  };
}

/**
 * Returns whether a WebGPU adapter renders in software: a fallback adapter,
 * or SwiftShader, which Chromium offers without a GPU when WebGPU is forced on.
 */
function isSoftwareAdapter(adapter: GpuAdapterInfo & { info?: GpuAdapterInfo }): boolean {
  const info = adapter.info ?? adapter;
  if (info.isFallbackAdapter || adapter.isFallbackAdapter) return true;
  const names = [info.vendor, info.architecture, info.device, info.description];
  return isSoftwareRenderer(names.filter(Boolean).join(' '));
}

/**
 * Checks that the browser can run `name` and imports its package, which
 * registers it with tfjs-core. Returns why it cannot run, or undefined.
 * Checking first keeps tfjs from logging a failed initialization.
 */
async function prepare(
  name: BackendName,
  wasmUrl: string,
  allowSoftware: boolean,
): Promise<string | undefined> {
  switch (name) {
    case 'webgpu': {
      const gpu = (navigator as GpuNavigator).gpu;
      if (!gpu) return 'this browser has no WebGPU';
      const adapter = await gpu.requestAdapter();
      if (adapter === null) return 'no WebGPU adapter';
      // In Chromium 156, tfjs-backend-webgpu 4.22 on SwiftShader failed to
      // train the classic MLP (a buffer of one batch was too large).
      if (!allowSoftware && isSoftwareAdapter(adapter)) return 'only a software WebGPU adapter';
      await import('@tensorflow/tfjs-backend-webgpu');
      return undefined;
    }
    case 'webgl': {
      if (typeof OffscreenCanvas === 'undefined') return 'no OffscreenCanvas in workers';
      // Importing the package registers the SOFTWARE_WEBGL_ENABLED flag.
      // Unless it is true, tfjs rejects a software WebGL context (SwiftShader)
      // and auto moves on. In the web tests on 2 cores, wasm took 3 ms per
      // step and SwiftShader 40 to 80 ms.
      await import('@tensorflow/tfjs-backend-webgl');
      tf.env().set('SOFTWARE_WEBGL_ENABLED', allowSoftware);
      const context = new OffscreenCanvas(1, 1).getContext('webgl2', {
        failIfMajorPerformanceCaveat: !allowSoftware,
      });
      if (!context) {
        return allowSoftware
          ? 'no WebGL 2 in workers'
          : 'no hardware-accelerated WebGL 2 in workers';
      }
      // Chromium started with --enable-unsafe-swiftshader reports no
      // performance caveat for SwiftShader, so the renderer name is checked too.
      const renderer = webglRenderer(context);
      context.getExtension('WEBGL_lose_context')?.loseContext();
      if (!allowSoftware && isSoftwareRenderer(renderer)) return 'only software WebGL';
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
 * and WebGPU count only when `allowSoftware` is set.
 */
export async function startBackend(
  name: BackendName,
  wasmUrl: string,
  allowSoftware: boolean,
): Promise<string | undefined> {
  const reason = await prepare(name, wasmUrl, allowSoftware);
  if (reason !== undefined) return reason;
  if (!(await tf.setBackend(name))) return 'failed to initialize';
  await tf.ready();
  return undefined;
}

/**
 * Starts the requested backend, or for `auto` (and when the requested one
 * fails) the first of webgpu, webgl, wasm and cpu that initializes.
 * Software WebGL counts only when requested by name. Software WebGPU never
 * counts, because tfjs-backend-webgpu 4.22 on SwiftShader failed to train
 * the classic MLP. The benchmark page starts it with startBackend to report
 * that failure.
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
      const reason = await startBackend(name, wasmUrl, choice === name && name !== 'webgpu');
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
