import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';

import { isSoftwareRenderer, webglRenderer, type GpuAdapterInfo } from '../../worker/backend';
import type { BenchBackend } from '../params';
import type { BenchBackendInfo } from '../result';


interface GpuNavigator {
  gpu?: {
    requestAdapter(options?: { powerPreference?: string }): Promise<{ info?: GpuAdapterInfo } | null>;
  };
}

/** Describes the active backend `name`: renderer, software or not, threads and SIMD. */
export async function describeBackend(name: BenchBackend): Promise<BenchBackendInfo> {
  switch (name) {
    case 'webgl':
      return { name, ...describeWebgl() };
    case 'webgpu':
      return { name, ...(await describeWebgpu()) };
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
      return { name, threads: wasm.getThreadsCount(), simd };
    }
    case 'cpu':
      // tfjs-backend-cpu is plain JavaScript on the calling thread.
      return { name, threads: 1 };
  }
}

/** Describes the WebGL context that tfjs computes with: its renderer and whether it is software. */
function describeWebgl(): Pick<BenchBackendInfo, 'renderer' | 'software'> {
  const gl = (tf.backend() as MathBackendWebGL).gpgpu.gl;
  const renderer = webglRenderer(gl);
  return { renderer, software: isSoftwareRenderer(renderer) };
}

/**
 * Describes the adapter that WebGPU returns for tfjs's request, which is
 * for the high-performance adapter.
 */
async function describeWebgpu(): Promise<Pick<BenchBackendInfo, 'renderer' | 'software'>> {
  const adapter = await (navigator as GpuNavigator).gpu?.requestAdapter({
    powerPreference: 'high-performance',
  });
  const info = adapter?.info;
  if (!info) return {};
  const parts = [info.vendor, info.architecture, info.device, info.description];
  const renderer = parts.filter((part) => part).join(', ');
  const software = info.isFallbackAdapter === true || isSoftwareRenderer(renderer);
  return { renderer, software };
}
