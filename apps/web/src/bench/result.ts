/**
 * The result of bench.html, which the page shows as a table and exposes as
 * JSON in `window.benchResult` and `<pre id="result">`, and the messages
 * between the page and its worker.
 */
import type { BenchBackend, BenchRequest } from './params';

/** The backend that ran the benchmark, as the browser reports it. */
export interface BenchBackendInfo {
  name: BenchBackend;
  /**
   * For webgl, the unmasked renderer string (`WEBGL_debug_renderer_info`);
   * for webgpu, the adapter's vendor, architecture and description.
   */
  renderer?: string;
  /** Whether the GPU backend renders in software on the CPU (SwiftShader, llvmpipe). */
  software?: boolean;
  /** Threads the backend computes with: `getThreadsCount()` for wasm, 1 for cpu. */
  threads?: number;
  /** Whether the wasm backend runs its SIMD build. */
  simd?: boolean;
}

/**
 * Final state of a benchmark: `done` after every round, `unavailable` when
 * the requested backend cannot start in this browser, `error` for an
 * invalid URL or a failed run.
 */
export type BenchStatus = 'done' | 'unavailable' | 'error';

/** Result of one page load. */
export interface BenchResult {
  status: BenchStatus;
  /** The request, absent when the URL was invalid. */
  request?: BenchRequest;
  /** The reason the backend is unavailable or the run failed. */
  reason?: string;
  backend?: BenchBackendInfo;
  userAgent: string;
  batchSize: number;
  /** Training images of each timed round: `steps` x `batchSize`. */
  trainCount?: number;
  /** Samples per second of each timed round. */
  samplesPerSecond: number[];
  /** Median of `samplesPerSecond`. */
  medianSamplesPerSecond?: number;
  /** Mean training loss of the last timed round. */
  finalLoss?: number;
}

/** The page's request to its worker. */
export interface BenchWorkerRequest {
  request: BenchRequest;
  /** Folder URL of the gzip-compressed MNIST files. */
  mnistUrl: string;
  /** Folder URL of the tfjs wasm binaries. */
  wasmUrl: string;
}

/** A message from the worker: progress text, or the result at the end. */
export type BenchWorkerMessage =
  | { type: 'progress'; text: string }
  | { type: 'result'; result: Omit<BenchResult, 'userAgent'> };
