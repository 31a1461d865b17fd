import { erf } from '@initlab/initializers';

import {
  ACTIVATIONS,
  DEFAULT_LEAKY_RELU_ALPHA,
  isActivation,
  type Activation,
} from './activations';
import { MlpError } from './errors';

/** The parameters of one layer that the mean-field recursion uses. */
export interface PropagationLayer {
  /** Number of inputs of each unit. */
  fanIn: number;
  /** Second moment E[W^2] of the kernel's entries: the variance when centered. */
  weightSecondMoment: number;
  /** Second moment of the biases. Default 0, as after zero bias init. */
  biasSecondMoment?: number;
  activation: Activation;
}

/** Predicted distribution of one layer's signal. */
export interface PropagationPrediction {
  /** q_l, the variance of every pre-activation. */
  preActivationVariance: number;
  activationMean: number;
  activationStd: number;
}

/**
 * Predicts how the second moment of the signal propagates through an
 * untrained MLP, by the mean-field recursion that docs/theory.md derives:
 *
 *   q_1 = fanIn_1 E[W_1^2] E[x^2] + E[b_1^2]
 *   q_l = fanIn_l E[W_l^2] E[phi(z)^2] + E[b_l^2],  z ~ N(0, q_{l-1})
 *
 * It treats each pre-activation as Gaussian and independent of the
 * weights, which holds for wide layers with independent weights. Moments of
 * phi(z) are computed by composite Simpson quadrature over +-12 standard
 * deviations with a node at 0, where the ReLU family has its kink.
 *
 * @param inputSecondMoment E[x^2] over the inputs' features and examples.
 */
export function predictSignalPropagation(
  inputSecondMoment: number,
  layers: readonly PropagationLayer[],
  leakyReluAlpha = DEFAULT_LEAKY_RELU_ALPHA,
): PropagationPrediction[] {
  let secondMoment = inputSecondMoment;
  return layers.map((layer, i) => {
    if (!isActivation(layer.activation)) {
      throw new MlpError(
        'INVALID_OPTION',
        `layers[${i}].activation must be one of ${ACTIVATIONS.join(', ')}; got ${JSON.stringify(layer.activation)}`,
      );
    }
    const q = layer.fanIn * layer.weightSecondMoment * secondMoment + (layer.biasSecondMoment ?? 0);
    const phi = scalarActivation(layer.activation, leakyReluAlpha);
    const scale = Math.sqrt(q);
    const mean = expectStandardNormal((u) => phi(scale * u));
    secondMoment = expectStandardNormal((u) => phi(scale * u) ** 2);
    return {
      preActivationVariance: q,
      activationMean: mean,
      activationStd: Math.sqrt(Math.max(0, secondMoment - mean * mean)),
    };
  });
}

/**
 * Returns E[f(u)] for u ~ N(0, 1) by composite Simpson's rule on [-12, 12]
 * with 4096 intervals. The density beyond 12 is below 1e-31, and a kink of
 * f at 0 falls on a node, so the error stays below about 1e-9 for the
 * activations here.
 */
function expectStandardNormal(f: (u: number) => number): number {
  const intervals = 4096;
  const h = 24 / intervals;
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const u = -12 + i * h;
    let weight = i % 2 === 1 ? 4 : 2;
    if (i === 0 || i === intervals) weight = 1;
    sum += weight * f(u) * Math.exp(-0.5 * u * u);
  }
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Returns the activation as a function of one number. */
export function scalarActivation(
  name: Activation,
  alpha = DEFAULT_LEAKY_RELU_ALPHA,
): (z: number) => number {
  switch (name) {
    case 'relu':
      return (z) => Math.max(0, z);
    case 'leakyRelu':
      return (z) => (z > 0 ? z : alpha * z);
    case 'elu':
      return (z) => (z > 0 ? z : Math.expm1(z));
    case 'selu':
      return (z) => SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));
    case 'gelu':
      return (z) => 0.5 * z * (1 + erf(z / Math.SQRT2));
    case 'swish':
      return (z) => z / (1 + Math.exp(-z));
    case 'softplus':
      return (z) => (z > 30 ? z : Math.log1p(Math.exp(z)));
    case 'tanh':
      return Math.tanh;
    case 'sigmoid':
      return (z) => 1 / (1 + Math.exp(-z));
    case 'linear':
      return (z) => z;
  }
}
