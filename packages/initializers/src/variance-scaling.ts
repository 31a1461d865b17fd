import { computeFans, product, resolveFanOptions } from './fans';
import type { FanOptions } from './fans';
import { defineInitializer } from './initializer';
import type { ResolvedOptions } from './initializer';
import { checkInitializerOptions } from './options';
import type { InitializerName } from './options';
import type { Random } from './random';
import { sampleNormal, sampleTruncatedNormal, sampleUniform } from './sampling';
import type { Initializer } from './types';
import { requireChoice, requirePositive } from './validate';

/** Which fan divides the scale: fanIn, fanOut or their mean. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';

/** Distribution of a variance-scaling initializer. */
export type VarianceDistribution = 'truncatedNormal' | 'normal' | 'uniform';

const FAN_MODES: readonly FanMode[] = ['fanIn', 'fanOut', 'fanAvg'];
const DISTRIBUTIONS: readonly VarianceDistribution[] = [
  'truncatedNormal',
  'normal',
  'uniform',
];

/**
 * Options of {@link varianceScaling}. `layout`, `depthwise`, `fanIn` and
 * `fanOut` go to computeFans, and getConfig() records them only when set.
 */
export interface VarianceScalingOptions extends FanOptions {
  /** Target variance times the fan, > 0. Default 1. scale = gain^2. */
  scale?: number;
  /** Fan that divides `scale`. Default 'fanIn'. */
  mode?: FanMode;
  /** Distribution of the values. Default 'truncatedNormal'. */
  distribution?: VarianceDistribution;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

/** Rule of a variance-scaling initializer: its scale, fan mode, distribution and fan options. */
export interface VarianceRule {
  scale: number;
  mode: FanMode;
  distribution: VarianceDistribution;
  /** Validated options of computeFans. Default {}: the tfjs layout. */
  fans?: FanOptions;
}

/**
 * Draws prod(shape) values with variance scale / max(1, n), where n is the
 * fan picked by `mode` from computeFans(shape, rule.fans). The truncated
 * normal is cut at 2 sigma and corrected, so its standard deviation is
 * exact. The uniform is U(-limit, limit) with limit = sqrt(3 * variance).
 */
function sampleVarianceScaling(
  shape: readonly number[],
  rule: VarianceRule,
  random: Random,
): Float32Array {
  const { fanIn, fanOut } = computeFans(shape, rule.fans);
  const fans = { fanIn, fanOut, fanAvg: (fanIn + fanOut) / 2 };
  const variance = rule.scale / Math.max(1, fans[rule.mode]);
  const stddev = Math.sqrt(variance);
  const size = product(shape);

  if (rule.distribution === 'uniform') {
    const limit = Math.sqrt(3 * variance);
    return sampleUniform(size, -limit, limit, random);
  }
  if (rule.distribution === 'normal') {
    return sampleNormal(size, 0, stddev, random);
  }
  return sampleTruncatedNormal(size, 0, stddev, 2, random);
}

/**
 * Creates a variance-scaling initializer with a given registry name and
 * config. Every fan-based preset (Keras and PyTorch) is built on this.
 */
export function defineVarianceScaling(
  name: string,
  options: ResolvedOptions,
  rule: VarianceRule,
  seed: number | undefined,
  create: (seed: number | undefined) => Initializer,
): Initializer {
  return defineInitializer({
    name,
    options,
    seed,
    random: true,
    create,
    generate: (shape, random) => sampleVarianceScaling(shape, rule, random),
  });
}

/**
 * Creates an initializer with variance scale / n, where n is fanIn, fanOut
 * or (fanIn + fanOut) / 2 per `mode`, as computeFans(shape, { layout,
 * depthwise, fanIn, fanOut }) returns them.
 *
 * - 'truncatedNormal': normal cut at +- 2 sigma, with sigma corrected so the
 *   standard deviation is sqrt(scale / n), as Keras `VarianceScaling`.
 * - 'normal': N(0, scale / n).
 * - 'uniform': U(-limit, limit), limit = sqrt(3 scale / n).
 *
 * Defaults scale = 1, mode = 'fanIn', distribution = 'truncatedNormal'.
 * `scale` multiplies the variance, so a PyTorch gain g is scale = g^2.
 * Fans come from the tfjs layout by default: dense [in, out], conv
 * [...spatial, in, out]. `layout: 'torch'` reads PyTorch's [out, in,
 * ...spatial], `depthwise: true` a tfjs depthwise kernel [...spatial, in,
 * multiplier] (fanIn = prod(spatial)), and `fanIn` or `fanOut` replace the
 * computed fan. getConfig() records these four only when they are set.
 *
 * Throws InitializerError 'UNKNOWN_OPTION' for a key it does not take and
 * 'INVALID_OPTION' for an invalid value or an options argument that is not
 * an object. apply() throws 'INVALID_OPTION' for `depthwise` with a shape
 * of rank < 3.
 *
 * @example
 * ```ts
 * // He init for a PyTorch conv weight [out, in, h, w]: fanIn = 64 * 3 * 3.
 * varianceScaling({ scale: 2, layout: 'torch' }).apply([128, 64, 3, 3]);
 * ```
 */
export function varianceScaling(
  options: VarianceScalingOptions = {},
): Initializer {
  checkInitializerOptions('varianceScaling', options);
  const scale = requirePositive('scale', options.scale ?? 1);
  const mode = requireChoice('mode', options.mode ?? 'fanIn', FAN_MODES);
  const distribution = requireChoice(
    'distribution',
    options.distribution ?? 'truncatedNormal',
    DISTRIBUTIONS,
  );
  const fans = resolveFanOptions(options);

  return defineVarianceScaling(
    'varianceScaling',
    { scale, mode, distribution, ...fans },
    { scale, mode, distribution, fans },
    options.seed,
    (seed) => varianceScaling({ ...options, seed }),
  );
}

/**
 * Options of the Keras presets: only a seed, as in Keras. For other fans,
 * call varianceScaling with the preset's rule and the fan options: heNormal
 * is varianceScaling({ scale: 2 }), and with the same seed both give the
 * same values.
 */
export interface SeedOptions {
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

function kerasPreset(
  name: InitializerName,
  rule: VarianceRule,
  factory: (options: SeedOptions) => Initializer,
  options: SeedOptions,
): Initializer {
  checkInitializerOptions(name, options);
  return defineVarianceScaling(name, {}, rule, options.seed, (seed) =>
    factory({ seed }),
  );
}

/**
 * Creates the Glorot (Xavier) normal initializer of Keras: truncated normal
 * with standard deviation sqrt(2 / (fanIn + fanOut)), i.e. varianceScaling
 * with scale 1, mode 'fanAvg'. Glorot and Bengio, "Understanding the
 * difficulty of training deep feedforward neural networks", AISTATS 2010.
 * For tanh and sigmoid layers. tfjs layout.
 */
export function glorotNormal(options: SeedOptions = {}): Initializer {
  const rule: VarianceRule = {
    scale: 1,
    mode: 'fanAvg',
    distribution: 'truncatedNormal',
  };
  return kerasPreset('glorotNormal', rule, glorotNormal, options);
}

/**
 * Creates the Glorot (Xavier) uniform initializer of Keras:
 * U(-limit, limit) with limit = sqrt(6 / (fanIn + fanOut)), variance
 * 2 / (fanIn + fanOut). Glorot and Bengio, AISTATS 2010. Keras's default
 * kernel initializer. tfjs layout.
 */
export function glorotUniform(options: SeedOptions = {}): Initializer {
  const rule: VarianceRule = {
    scale: 1,
    mode: 'fanAvg',
    distribution: 'uniform',
  };
  return kerasPreset('glorotUniform', rule, glorotUniform, options);
}

/**
 * Creates the He normal initializer of Keras: truncated normal with standard
 * deviation sqrt(2 / fanIn). He, Zhang, Ren and Sun, "Delving Deep into
 * Rectifiers", ICCV 2015. For ReLU layers. tfjs layout.
 */
export function heNormal(options: SeedOptions = {}): Initializer {
  const rule: VarianceRule = {
    scale: 2,
    mode: 'fanIn',
    distribution: 'truncatedNormal',
  };
  return kerasPreset('heNormal', rule, heNormal, options);
}

/**
 * Creates the He uniform initializer of Keras: U(-limit, limit) with
 * limit = sqrt(6 / fanIn). He et al., ICCV 2015. For ReLU layers.
 */
export function heUniform(options: SeedOptions = {}): Initializer {
  const rule: VarianceRule = {
    scale: 2,
    mode: 'fanIn',
    distribution: 'uniform',
  };
  return kerasPreset('heUniform', rule, heUniform, options);
}

/**
 * Creates the LeCun normal initializer of Keras: truncated normal with
 * standard deviation sqrt(1 / fanIn). LeCun, Bottou, Orr and Mueller,
 * "Efficient BackProp", 1998. Klambauer et al. (2017) pair it with SELU.
 */
export function lecunNormal(options: SeedOptions = {}): Initializer {
  const rule: VarianceRule = {
    scale: 1,
    mode: 'fanIn',
    distribution: 'truncatedNormal',
  };
  return kerasPreset('lecunNormal', rule, lecunNormal, options);
}

/**
 * Creates the LeCun uniform initializer of Keras: U(-limit, limit) with
 * limit = sqrt(3 / fanIn). LeCun et al., 1998.
 */
export function lecunUniform(options: SeedOptions = {}): Initializer {
  const rule: VarianceRule = {
    scale: 1,
    mode: 'fanIn',
    distribution: 'uniform',
  };
  return kerasPreset('lecunUniform', rule, lecunUniform, options);
}
