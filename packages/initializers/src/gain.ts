import { InitializerError } from './errors';
import { expectationUnderNormal, gaussHermite } from './quadrature';
import type { GaussHermiteRule } from './quadrature';
import { normalCdf } from './special';
import {
  formatValue,
  normalizeSpelling,
  requireFinite,
  requirePositive,
} from './validate';

type Activation = (z: number, param: number) => number;

interface NonlinearitySpec {
  /** Fixed gain. Without it, the gain is computed from `activation`. */
  gain?: (param: number) => number;
  activation?: Activation;
  /** Default of the parameter for nonlinearities that take one. */
  defaultParam?: number;
}

const unitGain = (): number => 1;

function softplus(z: number, beta: number): number {
  const x = beta * z;
  return (Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))) / beta;
}

const NONLINEARITIES: Record<string, NonlinearitySpec> = {
  linear: { gain: unitGain },
  identity: { gain: unitGain },
  conv1d: { gain: unitGain },
  conv2d: { gain: unitGain },
  conv3d: { gain: unitGain },
  conv_transpose1d: { gain: unitGain },
  conv_transpose2d: { gain: unitGain },
  conv_transpose3d: { gain: unitGain },
  sigmoid: { gain: unitGain },
  tanh: { gain: () => 5 / 3 },
  relu: { gain: () => Math.SQRT2 },
  leaky_relu: {
    gain: (slope) => Math.sqrt(2 / (1 + slope * slope)),
    defaultParam: 0.01,
  },
  selu: { gain: () => 3 / 4 },
  gelu: { activation: (z) => z * normalCdf(z) },
  silu: { activation: (z) => z / (1 + Math.exp(-z)) },
  swish: { activation: (z) => z / (1 + Math.exp(-z)) },
  elu: {
    activation: (z, alpha) => (z > 0 ? z : alpha * Math.expm1(z)),
    defaultParam: 1,
  },
  softplus: { activation: softplus, defaultParam: 1 },
  mish: { activation: (z) => z * Math.tanh(softplus(z, 1)) },
};

/** Canonical nonlinearity names accepted by {@link calculateGain}. */
export const NONLINEARITY_NAMES = Object.keys(NONLINEARITIES);

const QUADRATURE_POINTS = 100;
let rule: GaussHermiteRule | undefined;
const computedGains = new Map<string, number>();

/** Returns the canonical name of a nonlinearity spelling, or throws. */
export function canonicalNonlinearity(nonlinearity: string): string {
  const key =
    typeof nonlinearity === 'string' ? normalizeSpelling(nonlinearity) : '';
  const match = NONLINEARITY_NAMES.find(
    (name) => normalizeSpelling(name) === key,
  );
  if (match === undefined) {
    const valid = NONLINEARITY_NAMES.map(formatValue).join(', ');
    throw new InitializerError(
      'UNKNOWN_NONLINEARITY',
      `nonlinearity must be one of ${valid}; got ${formatValue(nonlinearity)}`,
    );
  }
  return match;
}

/** Returns whether a nonlinearity takes a parameter (slope, alpha or beta). */
export function takesParam(nonlinearity: string): boolean {
  return (
    NONLINEARITIES[canonicalNonlinearity(nonlinearity)].defaultParam !==
    undefined
  );
}

/**
 * Returns the recommended gain for a nonlinearity: the factor by which to
 * multiply the standard deviation of the weights so that activations keep
 * their scale through the layer. Spellings like 'leaky_relu', 'leakyRelu'
 * and 'LeakyReLU' are all accepted.
 *
 * Fixed values, as PyTorch `torch.nn.init.calculate_gain`:
 * - linear, identity, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid: 1
 * - tanh: 5/3
 * - relu: sqrt(2) (He et al., 2015)
 * - leaky_relu: sqrt(2 / (1 + slope^2)), `param` = slope, default 0.01
 * - selu: 3/4 (PyTorch's choice, for self-normalizing networks that pair
 *   SELU with gain-1 fanIn init, see Klambauer et al., 2017)
 *
 * Computed values, for gelu, silu/swish, elu (`param` = alpha, default 1),
 * softplus (`param` = beta, default 1) and mish: gain = 1 / sqrt(E[f(z)^2])
 * for z ~ N(0, 1), the expectation taken by 100-point Gauss-Hermite
 * quadrature. This is the relu rule generalized: for relu, E[f(z)^2] = 1/2
 * gives sqrt(2). PyTorch has no gain for these.
 * NOTE: the quadrature converges slowly where f^2 is not smooth, so the elu
 * gain is only accurate to about 2e-5 relative (its curvature jumps at 0).
 *
 * Throws InitializerError 'UNKNOWN_NONLINEARITY' for an unknown name and
 * 'INVALID_OPTION' for a non-finite `param`, a `param` given to a
 * nonlinearity that takes none, or a `param` that gives a gain of 0 or
 * Infinity (a slope of 1e200 squares to Infinity).
 */
export function calculateGain(nonlinearity: string, param?: number): number {
  return gainWithParam(nonlinearity, param, 'param');
}

/**
 * Returns the default parameter of a nonlinearity (leaky_relu slope 0.01,
 * elu alpha 1, softplus beta 1), or undefined for one that takes none.
 */
export function defaultParam(nonlinearity: string): number | undefined {
  return NONLINEARITIES[canonicalNonlinearity(nonlinearity)].defaultParam;
}

/**
 * Computes calculateGain(nonlinearity, param), naming the parameter
 * `paramName` in errors, so that kaimingNormal's errors name its option `a`.
 * Throws INVALID_OPTION for a parameter that gives a gain of 0 or Infinity,
 * such as a slope of 1e200, whose square overflows.
 */
export function gainWithParam(
  nonlinearity: string,
  param: number | undefined,
  paramName: string,
): number {
  const name = canonicalNonlinearity(nonlinearity);
  const spec = NONLINEARITIES[name];
  if (param !== undefined && spec.defaultParam === undefined) {
    throw new InitializerError(
      'INVALID_OPTION',
      `${paramName} must be undefined for nonlinearity '${name}', which ` +
        `takes no parameter; got ${formatValue(param)}`,
    );
  }
  const value = requireFinite(paramName, param ?? spec.defaultParam ?? 0);
  if (name === 'softplus') {
    requirePositive(`${paramName} (softplus beta)`, value);
  }

  const gain =
    spec.gain !== undefined
      ? spec.gain(value)
      : computeGain(name, spec.activation as Activation, value);
  if (!(gain > 0 && Number.isFinite(gain))) {
    throw new InitializerError(
      'INVALID_OPTION',
      `${paramName} ${formatValue(value)} gives nonlinearity '${name}' a ` +
        `gain of ${formatValue(gain)}, but the gain must be positive and ` +
        `finite; pick a value of ${paramName} nearer to ` +
        `${formatValue(spec.defaultParam)}`,
    );
  }
  return gain;
}

function computeGain(
  name: string,
  activation: Activation,
  param: number,
): number {
  const key = `${name}:${param}`;
  let gain = computedGains.get(key);
  if (gain === undefined) {
    gain = gainFromSecondMoment((z) => activation(z, param));
    computedGains.set(key, gain);
  }
  return gain;
}

/**
 * Returns 1 / sqrt(E[f(z)^2]) for z ~ N(0, 1) by the same quadrature as
 * calculateGain. Exported for tests that check the method on relu.
 */
export function gainFromSecondMoment(f: (z: number) => number): number {
  rule ??= gaussHermite(QUADRATURE_POINTS);
  return 1 / Math.sqrt(expectationUnderNormal((z) => f(z) ** 2, rule));
}
