import * as tf from '@tensorflow/tfjs-core';
import { lsuv, resolveInitializer } from '@initlab/initializers';
import { createMlp, type Mlp } from '@initlab/mlp';
import { fit, type Dataset, type OptimizerConfig, type TrainableModel } from '@initlab/train';

import type { Config } from '../config';
import { findKind, labelInitSpec, type InitSpec, type LsuvSettings } from '../initializers';
import type { BatchLoss, SessionState, WorkerResponse } from '../protocol';
import { probeModel } from './probe-stats';
import { StepGate } from './step-gate';

/** Examples in the probe batch, the first of the test set. */
const PROBE_SIZE = 256;

/** Minimum milliseconds between two progress messages while running. */
const PROGRESS_INTERVAL_MS = 50;

/** Weight of the newest round in the running mean of ms per step. */
const TIMING_WEIGHT = 0.1;

/**
 * An Mlp that keeps the loss of its latest training step, because `fit`
 * only sums the losses on the backend and the page charts every batch.
 */
class LossRecorder implements TrainableModel {
  private latest: tf.Scalar | undefined;

  constructor(readonly mlp: Mlp) {}

  get trainableVariables(): tf.Variable[] {
    return this.mlp.trainableVariables;
  }

  predict(x: tf.Tensor2D): tf.Tensor2D {
    return this.mlp.predict(x);
  }

  computeGradients(x: tf.Tensor2D, labels: tf.Tensor1D) {
    const result = this.mlp.computeGradients(x, labels);
    this.latest?.dispose();
    // fit() calls this inside tf.tidy, which would dispose a plain clone.
    this.latest = tf.keep(tf.clone(result.loss));
    return result;
  }

  /** Returns the loss of the latest step, NaN before the first. */
  async readLoss(): Promise<number> {
    if (!this.latest) return NaN;
    return (await this.latest.data())[0];
  }

  dispose(): void {
    this.latest?.dispose();
    this.mlp.dispose();
  }
}

interface Run {
  label: string;
  model: LossRecorder;
  controller: AbortController;
}

/**
 * One comparison: a model per initializer, trained side by side in
 * lockstep on the same batches, with progress, per-epoch metrics and layer
 * probes posted to the page. Every message carries the session's id, so the
 * page can drop messages of a session it has reset.
 */
export class Session {
  private readonly runs: Run[];
  private readonly gate: StepGate;
  private readonly probe: { x: tf.Tensor2D; labels: tf.Tensor1D };
  private readonly batchesPerEpoch: number;
  private readonly probeInterval: number;
  private started: Promise<void> | undefined;
  private disposed = false;
  private pendingLosses: BatchLoss[] = [];
  private lastProgressAt = 0;
  private position = { epoch: 1, batch: 0, step: 0 };
  private roundHadExtraWork = true;
  private msPerStep: number | undefined;

  constructor(
    readonly id: number,
    private readonly config: Config,
    private readonly data: { train: Dataset; test: Dataset },
    private readonly post: (message: WorkerResponse) => void,
  ) {
    this.runs = config.inits.map((spec, index) => ({
      label: labelInitSpec(spec),
      model: new LossRecorder(buildModel(config, spec, index, data.train)),
      controller: new AbortController(),
    }));
    this.gate = new StepGate(this.runs.length, (ms) => this.onRound(ms));
    this.probe = probeBatch(data.test);
    this.batchesPerEpoch = Math.ceil(data.train.count / config.batchSize);
    const totalSteps = this.batchesPerEpoch * config.epochs;
    this.probeInterval = Math.max(5, Math.ceil(totalSteps / 100));
  }

  /** Posts the runs' labels and their layer probes before training. */
  async announce(): Promise<void> {
    this.post({
      type: 'session',
      id: this.id,
      labels: this.runs.map((run) => run.label),
      batchesPerEpoch: this.batchesPerEpoch,
    });
    for (let index = 0; index < this.runs.length; index++) await this.probeRun(index, 0);
    this.setState('ready');
  }

  run(): void {
    this.gate.run();
    this.start();
    this.setState('running');
  }

  pause(): void {
    if (!this.started) return;
    this.gate.pause();
    this.setState('paused');
  }

  /** Trains every model on one more batch. */
  step(): void {
    if (this.started) this.gate.step();
    else this.start();
    this.setState('paused');
  }

  /** Returns each model's class probabilities for one 784-pixel image. */
  async predict(pixels: Float32Array): Promise<number[][]> {
    const outputs = this.runs.map((run) =>
      tf.tidy(() => tf.softmax(run.model.predict(tf.tensor2d(pixels, [1, pixels.length])))),
    );
    const values = await Promise.all(outputs.map((output) => output.data()));
    tf.dispose(outputs);
    return values.map((probabilities) => Array.from(probabilities));
  }

  /** Stops every run, waits for it to end, and releases every tensor. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const run of this.runs) run.controller.abort();
    this.gate.close();
    await this.started;
    for (const run of this.runs) run.model.dispose();
    tf.dispose([this.probe.x, this.probe.labels]);
  }

  private start(): void {
    this.started ??= Promise.all(this.runs.map((_, index) => this.train(index))).then(() => {
      this.flushProgress();
      this.setState('done');
    });
  }

  private async train(index: number): Promise<void> {
    const run = this.runs[index];
    const { config } = this;
    try {
      const history = await fit(run.model, this.data.train, {
        epochs: config.epochs,
        batchSize: config.batchSize,
        optimizer: optimizerConfig(config),
        test: this.data.test,
        seed: config.seed,
        signal: run.controller.signal,
        callbacks: {
          onBatchEnd: async ({ epoch, batch }) => {
            const step = (epoch - 1) * this.batchesPerEpoch + batch;
            const loss = await run.model.readLoss();
            this.pendingLosses.push({ run: index, step, loss });
            this.position = { epoch, batch, step };
            if (batch === 1) this.roundHadExtraWork = true;
            const last = step === this.batchesPerEpoch * config.epochs;
            if (step % this.probeInterval === 0 || last) await this.probeRun(index, step);
            await this.gate.arrive();
          },
          onEpochEnd: (result) => {
            this.flushProgress();
            this.post({
              type: 'epoch',
              id: this.id,
              metrics: { run: index, ...result },
            });
          },
        },
      });
      this.finish(index, history.status, history.divergedAt
        ? `diverged at epoch ${history.divergedAt.epoch}, step ${history.divergedAt.step}`
        : undefined);
    } catch (error) {
      this.finish(index, 'failed', error instanceof Error ? error.message : String(error));
    }
  }

  private finish(index: number, status: 'completed' | 'diverged' | 'stopped' | 'failed', detail?: string): void {
    this.gate.leave();
    if (this.disposed) return;
    this.post({ type: 'finished', id: this.id, run: index, status, detail });
  }

  private async probeRun(index: number, step: number): Promise<void> {
    if (this.disposed) return;
    this.roundHadExtraWork = true;
    const { layers, warnings } = await probeModel(
      this.runs[index].model.mlp,
      this.probe.x,
      this.probe.labels,
    );
    this.post({ type: 'probe', id: this.id, run: index, step, layers, warnings });
  }

  /** Called by the gate when every run has finished the same step. */
  private onRound(milliseconds: number): void {
    if (!this.roundHadExtraWork) {
      const perStep = milliseconds / Math.max(1, this.runs.length);
      this.msPerStep =
        this.msPerStep === undefined
          ? perStep
          : this.msPerStep + TIMING_WEIGHT * (perStep - this.msPerStep);
    }
    this.roundHadExtraWork = false;
    const now = performance.now();
    if (!this.gate.isRunning || now - this.lastProgressAt >= PROGRESS_INTERVAL_MS) {
      this.flushProgress();
    }
  }

  private flushProgress(): void {
    if (this.disposed || this.pendingLosses.length === 0) return;
    this.lastProgressAt = performance.now();
    this.post({
      type: 'progress',
      id: this.id,
      ...this.position,
      losses: this.pendingLosses,
      msPerStep: this.msPerStep,
    });
    this.pendingLosses = [];
  }

  private setState(state: SessionState): void {
    if (!this.disposed) this.post({ type: 'state', id: this.id, state });
  }
}

/**
 * Builds the MLP of one run. Runs differ only in their initializer. A kind
 * with LSUV options is then rescaled on the first training batch, on every
 * reset too, because each reset builds new models.
 */
function buildModel(config: Config, spec: InitSpec, index: number, train: Dataset): Mlp {
  const kind = findKind(spec.kind);
  if (!kind) throw new Error(`unknown initializer ${spec.kind} in run ${index + 1}`);
  const { name, options } = kind.toRegistry(spec.values);
  const model = createMlp({
    inputSize: 784,
    hiddenSizes: config.hidden,
    outputSize: 10,
    activation: config.activation,
    kernelInitializer: resolveInitializer(name, options),
    seed: config.seed,
  });
  if (kind.toLsuvOptions) {
    try {
      applyLsuv(model, train, config.batchSize, kind.toLsuvOptions(spec.values));
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  return model;
}

/**
 * Runs LSUV on the first `batchSize` training images, as the CLI does. The
 * kernels are already orthogonal and seeded by createMlp, so LSUV only
 * rescales them.
 */
function applyLsuv(model: Mlp, train: Dataset, batchSize: number, settings: LsuvSettings): void {
  const rows = Math.min(batchSize, train.count);
  const batch = tf.tensor2d(train.x.subarray(0, rows * train.features), [rows, train.features]);
  try {
    // NOTE: the page does not show lsuv's per-layer reports. With the zero
    // biases of createMlp one rescaling brings a layer's variance to 1 up to
    // float32 rounding. So a layer ends unconverged only when its variance
    // is 0 or not finite, or when the tolerance is below that rounding.
    lsuv(model, batch, { ...settings, orthogonalStart: false });
  } finally {
    batch.dispose();
  }
}

function optimizerConfig(config: Config): OptimizerConfig {
  const base = { name: config.optimizer, learningRate: config.learningRate };
  return config.optimizer === 'adam' ? base : { ...base, momentum: config.momentum };
}

function probeBatch(test: Dataset): { x: tf.Tensor2D; labels: tf.Tensor1D } {
  const count = Math.min(PROBE_SIZE, test.count);
  return {
    x: tf.tensor2d(test.x.subarray(0, count * test.features), [count, test.features]),
    labels: tf.tensor1d(Int32Array.from(test.y.subarray(0, count)), 'int32'),
  };
}
