import { InitializerError } from './errors';
import { calculateGain, canonicalNonlinearity, takesParam } from './gain';
import type { Initializer } from './types';
import { defineVarianceScaling } from './variance-scaling';
import type { SeedOptions } from './variance-scaling';
import {
  formatValue,
  requireChoice,
  requireFinite,
  requirePositive,
} from './validate';

/** Options of {@link xavierNormal} and {@link xavierUniform}. */
export interface XavierOptions {
  /** Factor on the standard deviation, > 0. Default 1. */
  gain?: number;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

/**
 * Creates PyTorch's `xavier_normal_`: N(0, std^2) with
 * std = gain * sqrt(2 / (fanIn + fanOut)). Glorot and Bengio, AISTATS 2010.
 * Unlike Keras's glorotNormal the normal is not truncated. Fans come from
 * the tfjs layout ([in, out]), and fanIn + fanOut is the same as in
 * PyTorch's layout. Default gain = 1. calculateGain() gives other gains.
 */
export function xavierNormal(options: XavierOptions = {}): Initializer {
  const gain = requirePositive('gain', options.gain ?? 1);
  const rule = {
    scale: gain * gain,
    mode: 'fanAvg',
    distribution: 'normal',
  } as const;
  return defineVarianceScaling(
    'xavierNormal',
    { gain },
    rule,
    options.seed,
    (seed) => xavierNormal({ ...options, seed }),
  );
}

/**
 * Creates PyTorch's `xavier_uniform_`: U(-bound, bound) with
 * bound = gain * sqrt(6 / (fanIn + fanOut)). Glorot and Bengio, AISTATS
 * 2010. tfjs layout. Default gain = 1.
 */
export function xavierUniform(options: XavierOptions = {}): Initializer {
  const gain = requirePositive('gain', options.gain ?? 1);
  const rule = {
    scale: gain * gain,
    mode: 'fanAvg',
    distribution: 'uniform',
  } as const;
  return defineVarianceScaling(
    'xavierUniform',
    { gain },
    rule,
    options.seed,
    (seed) => xavierUniform({ ...options, seed }),
  );
}

/** Options of {@link kaimingNormal} and {@link kaimingUniform}. */
export interface KaimingOptions {
  /** Negative slope of leaky_relu. Only for 'leaky_relu'. Default 0. */
  a?: number;
  /** 'fanIn' keeps forward variance, 'fanOut' backward. Default 'fanIn'. */
  mode?: 'fanIn' | 'fanOut';
  /** Nonlinearity after the layer, see calculateGain. Default 'leaky_relu'. */
  nonlinearity?: string;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

function kaimingRule(
  options: KaimingOptions,
  distribution: 'normal' | 'uniform',
) {
  const a = requireFinite('a', options.a ?? 0);
  const mode = requireChoice('mode', options.mode ?? 'fanIn', [
    'fanIn',
    'fanOut',
  ]);
  const nonlinearity = canonicalNonlinearity(
    options.nonlinearity ?? 'leaky_relu',
  );
  if (!takesParam(nonlinearity) && a !== 0) {
    throw new InitializerError(
      'INVALID_OPTION',
      `a must be 0 unless nonlinearity is 'leaky_relu', 'elu' or 'softplus'; ` +
        `got a ${formatValue(a)} with nonlinearity '${nonlinearity}'`,
    );
  }

  const gain = takesParam(nonlinearity)
    ? calculateGain(nonlinearity, a)
    : calculateGain(nonlinearity);
  const rule = { scale: gain * gain, mode, distribution };
  return { options: { a, mode, nonlinearity }, rule };
}

/**
 * Creates PyTorch's `kaiming_normal_`: N(0, std^2) with
 * std = gain / sqrt(fan), gain = calculateGain(nonlinearity, a) and fan =
 * fanIn or fanOut per `mode`. He, Zhang, Ren and Sun, "Delving Deep into
 * Rectifiers", ICCV 2015. The defaults (a = 0, 'leaky_relu', 'fanIn') give
 * the relu gain sqrt(2), so std = sqrt(2 / fanIn). Not truncated, unlike
 * Keras's heNormal. Fans come from the tfjs layout: fanIn is shape[0] of a
 * dense [in, out] kernel.
 */
export function kaimingNormal(options: KaimingOptions = {}): Initializer {
  const { options: resolved, rule } = kaimingRule(options, 'normal');
  return defineVarianceScaling(
    'kaimingNormal',
    resolved,
    rule,
    options.seed,
    (seed) => kaimingNormal({ ...options, seed }),
  );
}

/**
 * Creates PyTorch's `kaiming_uniform_`: U(-bound, bound) with
 * bound = gain * sqrt(3 / fan). He et al., ICCV 2015. Same options and
 * defaults as kaimingNormal. The defaults give bound = sqrt(6 / fanIn).
 */
export function kaimingUniform(options: KaimingOptions = {}): Initializer {
  const { options: resolved, rule } = kaimingRule(options, 'uniform');
  return defineVarianceScaling(
    'kaimingUniform',
    resolved,
    rule,
    options.seed,
    (seed) => kaimingUniform({ ...options, seed }),
  );
}

/**
 * Creates the default weight init of PyTorch's `nn.Linear` and `nn.ConvNd`:
 * kaimingUniform with a = sqrt(5), which gives gain sqrt(1/3) and so
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn)). tfjs layout: fanIn is shape[0] of a
 * dense kernel, h * w * in of a conv kernel.
 */
export function torchLinearDefault(options: SeedOptions = {}): Initializer {
  const rule = {
    scale: 1 / 3,
    mode: 'fanIn',
    distribution: 'uniform',
  } as const;
  return defineVarianceScaling(
    'torchLinearDefault',
    {},
    rule,
    options.seed,
    (seed) => torchLinearDefault({ seed }),
  );
}
