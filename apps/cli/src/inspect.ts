import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';
import {
  ACTIVATIONS,
  createMlp,
  isActivation,
  predictSignalPropagation,
  type Activation,
  type Mlp,
} from '@initlab/mlp';
import { lsuv } from '@initlab/initializers';
import { loadMnist } from '@initlab/mnist/node';

import { BACKEND_CHOICES, type BackendChoice } from './backend';
import { explainMissingData } from './dataset';
import { UsageError } from './errors';
import { parseInitSpec } from './inits';
import {
  attachNegativeValues,
  checkNetworkSize,
  describeParseError,
  integer,
  list,
  oneOf,
  positiveInteger,
  wrapList,
} from './options';

/**
 * Maximum number of images in one inspect batch. Every layer's activations
 * of the whole batch live on the backend at once, and the wasm backend's
 * heap is 4 GB.
 */
const MAX_EXAMPLES = 10_000;

/** Options of `initlab inspect`, validated. */
export interface InspectConfig {
  inits: string[];
  hidden: number[];
  activation: Activation;
  examples: number;
  seed: number;
  backend: BackendChoice;
  dataDir?: string;
  json?: string;
  verbose: boolean;
  /** Print no informational lines; the tables and errors only. */
  quiet: boolean;
}

/** Measured and predicted signal of one layer; layer 0 is the first hidden. */
export interface InspectedLayer {
  layer: number;
  preActivationStd: number;
  activationStd: number;
  /** Standard deviation of the loss gradient with respect to the kernel. */
  gradientStd: number;
  predictedPreActivationStd: number;
  predictedActivationStd: number;
}

/** One initializer's propagation profile. */
export interface InspectRun {
  init: string;
  layers: InspectedLayer[];
}

export const INSPECT_HELP = `Usage: initlab inspect [options]

Pushes a batch of real MNIST training images through an untrained deep MLP
under each initializer and prints, per layer, the measured standard
deviation of activations and kernel gradients next to the activation
standard deviation that mean-field theory predicts from the weights'
variance (docs/theory.md derives it).

Options:
  --inits LIST         comma-separated initializers, as in compare
                       (default random,random:stddev=1,xavier,he)
  --depth N            number of hidden layers (default 10)
  --width N            units per hidden layer (default 256)
  --hidden LIST        comma-separated hidden layer widths in units,
                       overriding --depth and --width (default: none)
  --activation NAME    ${wrapList(ACTIVATIONS, 23)} (default tanh)
  --examples N         training images in the batch (default 1000)
  --seed N             seed of the initializers (default 42)
  --backend NAME       ${BACKEND_CHOICES.join(', ')} (default auto: the first that loads)
  --data-dir DIR       folder of MNIST-layout IDX files, plain or .gz
                       (default: the bundled MNIST)
  --json FILE          write { config, runs: [{ init, layers }] } to FILE
                       (default: none, results are only printed)
  --quiet              print no informational lines; only the tables and
                       errors (default off)
  --verbose            report why each skipped backend was skipped
                       (default off)
  --debug              print the stack trace of an unexpected error
                       (default off)
  -h, --help           show this help
`;

/** Parses the arguments of `initlab inspect`. */
export function parseInspectArgs(argv: string[]): InspectConfig | 'help' {
  const option = { type: 'string' } as const;
  let parsed;
  try {
    parsed = parseArgs({
      args: attachNegativeValues(argv),
      strict: true,
      allowPositionals: false,
      options: {
        inits: option, depth: option, width: option, hidden: option,
        activation: option, examples: option, seed: option, backend: option,
        'data-dir': option, json: option,
        verbose: { type: 'boolean' }, quiet: { type: 'boolean' }, debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw describeParseError(error, 'inspect');
  }
  const values = parsed.values;
  if (values.help) return 'help';
  const inits = list('--inits', values.inits ?? 'random,random:stddev=1,xavier,he');
  inits.forEach(parseInitSpec);
  const activation = values.activation ?? 'tanh';
  if (!isActivation(activation)) {
    throw new UsageError(`--activation must be one of ${ACTIVATIONS.join(', ')}; got "${activation}"`);
  }
  const depth = positiveInteger('--depth', values.depth ?? '10');
  const width = positiveInteger('--width', values.width ?? '256');
  const hidden = values.hidden
    ? list('--hidden', values.hidden).map((w) => positiveInteger('--hidden', w))
    : new Array<number>(depth).fill(width);
  checkNetworkSize(values.hidden ? '--hidden' : '--depth and --width', [784, ...hidden, 10]);
  const examples = positiveInteger('--examples', values.examples ?? '1000');
  if (examples > MAX_EXAMPLES) {
    throw new UsageError(`--examples must be at most ${MAX_EXAMPLES}; got ${examples}`);
  }
  return {
    inits,
    hidden,
    activation,
    examples,
    seed: integer('--seed', values.seed ?? '42'),
    backend: oneOf('--backend', values.backend ?? 'auto', BACKEND_CHOICES),
    dataDir: values['data-dir'],
    json: values.json,
    verbose: values.verbose ?? false,
    quiet: values.quiet ?? false,
  };
}

/** Measures and predicts the signal of every initializer in `config`. */
export async function inspect(config: InspectConfig): Promise<InspectRun[]> {
  const mnist = await loadMnist({ dir: config.dataDir, trainLimit: config.examples, testLimit: 1 })
    .catch(async (error: unknown) => {
      throw await explainMissingData(error, 'mnist', config.dataDir);
    });
  const count = mnist.train.count;
  const features = mnist.train.rows * mnist.train.cols;
  const x = tf.tensor2d(mnist.train.images, [count, features]);
  const labels = tf.tensor1d(Int32Array.from(mnist.train.labels), 'int32');
  try {
    const inputSecondMoment = meanSquare(mnist.train.images);
    return config.inits.map((init) => {
      const spec = parseInitSpec(init);
      const model = createMlp({
        inputSize: features,
        hiddenSizes: config.hidden,
        outputSize: 10,
        activation: config.activation,
        kernelInitializer: spec.initializer,
        seed: config.seed,
      });
      try {
        if (spec.lsuv) lsuv(model, x, { ...spec.lsuv, seed: config.seed });
        return { init, layers: profile(model, x, labels, inputSecondMoment) };
      } finally {
        model.dispose();
      }
    });
  } finally {
    tf.dispose([x, labels]);
  }
}

function profile(
  model: Mlp,
  x: tf.Tensor2D,
  labels: tf.Tensor1D,
  inputSecondMoment: number,
): InspectedLayer[] {
  const hiddenLayers = model.layers.slice(0, -1);
  const predictions = predictSignalPropagation(
    inputSecondMoment,
    hiddenLayers.map((layer) => ({
      fanIn: layer.kernel.shape[0] as number,
      weightSecondMoment: meanSquare(layer.kernel.dataSync()),
      biasSecondMoment: meanSquare(layer.bias.dataSync()),
      activation: layer.activation,
    })),
  );
  // Moments are summed in float64 here: float32 sums over millions of
  // values on the backend drift by several percent.
  const pass = tf.tidy(() => {
    const { preActivations, activations } = model.forward(x);
    return { preActivations, activations };
  }) as { preActivations: tf.Tensor2D[]; activations: tf.Tensor2D[] };
  const { loss, grads } = model.computeGradients(x, labels);
  try {
    return predictions.map((prediction, i) => ({
      layer: i,
      preActivationStd: std(pass.preActivations[i].dataSync()),
      activationStd: std(pass.activations[i].dataSync()),
      gradientStd: std(grads[hiddenLayers[i].kernel.name].dataSync()),
      predictedPreActivationStd: Math.sqrt(prediction.preActivationVariance),
      predictedActivationStd: prediction.activationStd,
    }));
  } finally {
    tf.dispose([...pass.preActivations, ...pass.activations, loss, ...Object.values(grads)]);
  }
}

/** Population standard deviation, accumulated in float64. */
function std(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return Math.sqrt(squares / values.length);
}

/** Mean of the squares, accumulated in float64. */
function meanSquare(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum / values.length;
}

/** Formats one table per initializer: measured next to predicted. */
export function formatInspection(runs: InspectRun[]): string {
  const sections = runs.map((run) => {
    const header = ['layer', 'act std', 'predicted', 'grad std'];
    const rows = run.layers.map((l) => [
      String(l.layer + 1),
      formatStd(l.activationStd),
      formatStd(l.predictedActivationStd),
      l.gradientStd.toExponential(2),
    ]);
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ');
    return [run.init, line(header), ...rows.map(line)].join('\n');
  });
  return sections.join('\n\n');
}

function formatStd(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toPrecision(3);
}
