/** Messages between the page and the training worker. */
import type { BackendChoice, Config } from './config';

/** Statistics of one layer on the probe batch. */
export interface LayerProbe {
  /** 0-based layer index. The last layer is the output. */
  layer: number;
  units: number;
  activation: string;
  preActivationStd: number;
  activationStd: number;
  /** Standard deviation of the loss gradient with respect to the kernel. */
  gradientStd: number;
  /** Fraction of ReLU units inactive on every probe example, null for other activations. */
  deadFraction: number | null;
  /** Fraction of saturated tanh or sigmoid activations, null for others. */
  saturatedFraction: number | null;
  /**
   * Largest difference between two units' incoming weights and biases,
   * null for the output layer.
   */
  maxUnitDifference: number | null;
}

/** A problem seen in a hidden layer. */
export interface LayerWarning {
  layer: number;
  kind: 'symmetry' | 'saturation' | 'dead';
  message: string;
}

/** One run's loss after a training step. */
export interface BatchLoss {
  run: number;
  /** 1-based step counted over the whole run. */
  step: number;
  loss: number;
}

/** Test metrics of one run after an epoch. */
export interface EpochMetrics {
  run: number;
  epoch: number;
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
  seconds: number;
}

/** Session states, as the worker reports them. */
export type SessionState = 'ready' | 'running' | 'paused' | 'done';

/** Messages from the page to the worker. */
export type WorkerRequest =
  | {
      type: 'init';
      backend: BackendChoice;
      /** Absolute URL of the folder with the gzipped MNIST files. */
      mnistUrl: string;
      /** Absolute URL of the folder with the tfjs wasm binaries. */
      wasmUrl: string;
    }
  /**
   * Builds fresh models for `config`, disposing the old session. Every
   * message about the new session carries `id`.
   */
  | { type: 'reset'; id: number; config: Config }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'predict'; id: number; pixels: Float32Array };

/** Messages from the worker to the page. */
export type WorkerResponse =
  | { type: 'backend'; name: string; notes: string[] }
  | { type: 'data-progress'; loadedBytes: number; totalBytes: number | undefined }
  | { type: 'data-ready'; trainCount: number; testCount: number }
  | { type: 'session'; id: number; labels: string[]; batchesPerEpoch: number }
  | { type: 'state'; id: number; state: SessionState }
  | {
      type: 'progress';
      id: number;
      epoch: number;
      /** 1-based step within the epoch. */
      batch: number;
      /** 1-based step counted over the whole run. */
      step: number;
      losses: BatchLoss[];
      /** Mean wall-clock milliseconds of one model's training step. */
      msPerStep: number | undefined;
    }
  | { type: 'epoch'; id: number; metrics: EpochMetrics }
  | {
      type: 'probe';
      id: number;
      run: number;
      step: number;
      layers: LayerProbe[];
      warnings: LayerWarning[];
    }
  | {
      type: 'finished';
      id: number;
      run: number;
      status: 'completed' | 'diverged' | 'stopped' | 'failed';
      detail?: string;
    }
  | { type: 'prediction'; id: number; probabilities: number[][] }
  | { type: 'error'; message: string };
