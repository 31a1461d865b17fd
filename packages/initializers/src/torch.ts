import { InitializerError } from './errors';
import { resolveFanOptions } from './fans';
import type { WeightLayout } from './fans';
import {
  canonicalNonlinearity,
  defaultParam,
  gainWithParam,
  takesParam,
} from './gain';
import { checkInitializerOptions } from './options';
import type { Initializer } from './types';
import { defineVarianceScaling } from './variance-scaling';
import type { VarianceRule } from './variance-scaling';
import {
  formatValue,
  requireChoice,
  requireFinite,
  requirePositive,
} from './validate';

// The PyTorch presets take `layout` and no other fan option, because
// PyTorch's functions read the fans from the weight's shape alone. For
// depthwise kernels or explicit fans, use varianceScaling.

/** Options of {@link xavierNormal} and {@link xavierUniform}. */
export interface XavierOptions {
  /** Factor on the standard deviation, > 0. Default 1. */
  gain?: number;
  /**
   * Layout of the shapes passed to apply(): 'tfjs' ([...spatial, in, out])
   * or 'torch' (PyTorch's [out, in, ...spatial]). Default 'tfjs'. The
   * config records it only when set.
   */
  layout?: WeightLayout;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

function xavierRule(
  options: XavierOptions,
  distribution: 'normal' | 'uniform',
) {
  const gain = requirePositive('gain', options.gain ?? 1);
  const fans = resolveFanOptions({ layout: options.layout });

  const rule: VarianceRule = {
    scale: gain * gain,
    mode: 'fanAvg',
    distribution,
    fans,
  };
  return { options: { gain, ...fans }, rule };
}

/**
 * Creates PyTorch's `xavier_normal_`: N(0, std^2) with
 * std = gain * sqrt(2 / (fanIn + fanOut)). Glorot and Bengio, AISTATS 2010.
 * Unlike Keras's glorotNormal the normal is not truncated. Default gain = 1.
 * calculateGain() gives other gains. Fans come from the tfjs layout
 * ([...spatial, in, out]) unless `layout` is 'torch', which reads a PyTorch
 * weight [out, in, ...spatial] as `xavier_normal_` does. fanIn + fanOut of
 * a dense kernel is the same in both layouts, but a conv kernel needs the
 * layout that it is stored in.
 */
export function xavierNormal(options: XavierOptions = {}): Initializer {
  checkInitializerOptions('xavierNormal', options);
  const { options: resolved, rule } = xavierRule(options, 'normal');
  return defineVarianceScaling(
    'xavierNormal',
    resolved,
    rule,
    options.seed,
    (seed) => xavierNormal({ ...options, seed }),
  );
}

/**
 * Creates PyTorch's `xavier_uniform_`: U(-bound, bound) with
 * bound = gain * sqrt(6 / (fanIn + fanOut)). Glorot and Bengio, AISTATS
 * 2010. Default gain = 1. Same `layout` option as xavierNormal.
 */
export function xavierUniform(options: XavierOptions = {}): Initializer {
  checkInitializerOptions('xavierUniform', options);
  const { options: resolved, rule } = xavierRule(options, 'uniform');
  return defineVarianceScaling(
    'xavierUniform',
    resolved,
    rule,
    options.seed,
    (seed) => xavierUniform({ ...options, seed }),
  );
}

/** Options of {@link kaimingNormal} and {@link kaimingUniform}. */
export interface KaimingOptions {
  /**
   * Parameter of the nonlinearity, passed to calculateGain: the negative
   * slope of 'leaky_relu' (default 0, as in PyTorch's kaiming_normal_),
   * the alpha of 'elu' (default 1) or the beta of 'softplus' (default 1,
   * > 0). Other nonlinearities take none, so `a` must be 0 or unset for
   * them.
   */
  a?: number;
  /** 'fanIn' keeps forward variance, 'fanOut' backward. Default 'fanIn'. */
  mode?: 'fanIn' | 'fanOut';
  /** Nonlinearity after the layer, see calculateGain. Default 'leaky_relu'. */
  nonlinearity?: string;
  /**
   * Layout of the shapes passed to apply(): 'tfjs' ([...spatial, in, out])
   * or 'torch' (PyTorch's [out, in, ...spatial]). Default 'tfjs'. The
   * config records it only when set.
   */
  layout?: WeightLayout;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

function kaimingRule(
  options: KaimingOptions,
  distribution: 'normal' | 'uniform',
) {
  const mode = requireChoice('mode', options.mode ?? 'fanIn', [
    'fanIn',
    'fanOut',
  ]);
  const nonlinearity = canonicalNonlinearity(
    options.nonlinearity ?? 'leaky_relu',
  );
  const a = resolveKaimingParam(nonlinearity, options.a);

  const fans = resolveFanOptions({ layout: options.layout });

  const param = takesParam(nonlinearity) ? a : undefined;
  const gain = gainWithParam(nonlinearity, param, 'a');
  // NOTE: a gain that is positive but tiny, such as that of a = 1e100,
  // still passes and gives values that round to 0 in float32.
  const scale = gain * gain;
  const rule: VarianceRule = { scale, mode, distribution, fans };
  return { options: { a, mode, nonlinearity, ...fans }, rule };
}

// Returns the parameter `a` to use and record. Without `a`, leaky_relu gets
// slope 0 as in PyTorch's kaiming_normal_, so the defaults give the relu
// gain. elu and softplus get the defaults of calculateGain (alpha 1, beta
// 1), and the nonlinearities without a parameter record 0.
function resolveKaimingParam(
  nonlinearity: string,
  a: number | undefined,
): number {
  if (a === undefined) {
    return nonlinearity === 'leaky_relu'
      ? 0
      : (defaultParam(nonlinearity) ?? 0);
  }
  requireFinite('a', a);
  if (!takesParam(nonlinearity) && a !== 0) {
    throw new InitializerError(
      'INVALID_OPTION',
      `a must be 0 unless nonlinearity is 'leaky_relu', 'elu' or 'softplus'; ` +
        `got a ${formatValue(a)} with nonlinearity '${nonlinearity}'`,
    );
  }
  return a;
}

/**
 * Creates PyTorch's `kaiming_normal_`: N(0, std^2) with
 * std = gain / sqrt(fan), gain = calculateGain(nonlinearity, a) and fan =
 * fanIn or fanOut per `mode`. He, Zhang, Ren and Sun, "Delving Deep into
 * Rectifiers", ICCV 2015. The defaults (a = 0, 'leaky_relu', 'fanIn') give
 * the relu gain sqrt(2), so std = sqrt(2 / fanIn). `a` is the parameter
 * of the nonlinearity: without it, 'elu' and 'softplus' use the default of
 * calculateGain (alpha 1, beta 1). Not truncated, unlike Keras's heNormal.
 * Fans come from the tfjs layout: fanIn is shape[0] of a dense [in, out]
 * kernel and h * w * in of a conv kernel [h, w, in, out].
 * `layout: 'torch'` reads a PyTorch weight [out, in, ...spatial] as
 * `kaiming_normal_` does: fanIn = in * prod(spatial).
 */
export function kaimingNormal(options: KaimingOptions = {}): Initializer {
  checkInitializerOptions('kaimingNormal', options);
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
  checkInitializerOptions('kaimingUniform', options);
  const { options: resolved, rule } = kaimingRule(options, 'uniform');
  return defineVarianceScaling(
    'kaimingUniform',
    resolved,
    rule,
    options.seed,
    (seed) => kaimingUniform({ ...options, seed }),
  );
}

/** Options of {@link torchLinearDefault}. */
export interface TorchLinearDefaultOptions {
  /**
   * Layout of the shapes passed to apply(): 'tfjs' ([...spatial, in, out])
   * or 'torch' (PyTorch's [out, in, ...spatial]). Default 'tfjs'. The
   * config records it only when set.
   */
  layout?: WeightLayout;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

/**
 * Creates the default weight init of PyTorch's `nn.Linear` and `nn.ConvNd`:
 * kaimingUniform with a = sqrt(5), which gives gain sqrt(1/3) and so
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn)). tfjs layout by default: fanIn is
 * shape[0] of a dense kernel, h * w * in of a conv kernel. With
 * `layout: 'torch'`, fanIn is in * prod(spatial) of [out, in, ...spatial],
 * the weight shape of those PyTorch modules.
 */
export function torchLinearDefault(
  options: TorchLinearDefaultOptions = {},
): Initializer {
  checkInitializerOptions('torchLinearDefault', options);
  const fans = resolveFanOptions({ layout: options.layout });

  const rule: VarianceRule = {
    scale: 1 / 3,
    mode: 'fanIn',
    distribution: 'uniform',
    fans,
  };
  return defineVarianceScaling(
    'torchLinearDefault',
    { ...fans },
    rule,
    options.seed,
    (seed) => torchLinearDefault({ ...options, seed }),
  );
}
