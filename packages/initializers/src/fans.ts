import { InitializerError } from './errors';
import { FAN_OPTIONS, checkOptions } from './options';
import {
  formatValue,
  requireBoolean,
  requireChoice,
  requirePositiveInteger,
  validateShape,
} from './validate';

/** Weight layout: tfjs/Keras kernels are [..., in, out], PyTorch [out, in, ...]. */
export type WeightLayout = 'tfjs' | 'torch';

const LAYOUTS: readonly WeightLayout[] = ['tfjs', 'torch'];

/** Number of inputs and outputs that each weight connects. */
export interface Fans {
  fanIn: number;
  fanOut: number;
}

/**
 * Computes fanIn and fanOut of a weight shape.
 *
 * tfjs layout (default, as Keras `compute_fans`): dense [in, out] gives
 * fanIn = in, fanOut = out. A conv kernel [...spatial, in, out] multiplies
 * both by the receptive field size prod(spatial).
 * torch layout (as PyTorch `_calculate_fan_in_and_fan_out`): [out, in,
 * ...spatial] gives fanIn = in * prod(spatial), fanOut = out * prod(spatial).
 *
 * Rank 0 gives fanIn = fanOut = 1 and rank 1 gives fanIn = fanOut = shape[0]
 * in both layouts, as Keras does. PyTorch raises for rank < 2 instead.
 *
 * `depthwise: true` reads a tfjs depthwise kernel [...spatial, in,
 * multiplier], where each output reads one input channel: fanIn =
 * prod(spatial) and fanOut = prod(spatial) * multiplier. Keras applies its
 * dense rule to such kernels. PyTorch's grouped weight [in * multiplier, 1,
 * ...spatial] gives the same fanIn, but a fanOut that counts every channel.
 * `fanIn` and `fanOut` override the computed values, for weights whose fans
 * the shape does not tell.
 *
 * Throws InitializerError 'INVALID_SHAPE' for an invalid shape and
 * 'UNKNOWN_OPTION' for a key outside {@link FanOptions}. It throws
 * 'INVALID_OPTION' for options that are not a plain object, an invalid value,
 * and `depthwise` with the torch layout or with a shape of rank < 3.
 */
export function computeFans(
  shape: readonly number[],
  options: FanOptions = {},
): Fans {
  checkOptions(options, {
    owner: 'computeFans',
    names: FAN_OPTIONS,
    seeded: false,
    formatCall: (text) => `computeFans(shape, ${text})`,
  });
  const resolved = resolveFanOptions(options);

  const fans = shapeFans(
    shape,
    resolved.layout ?? 'tfjs',
    resolved.depthwise ?? false,
  );
  return {
    fanIn: resolved.fanIn ?? fans.fanIn,
    fanOut: resolved.fanOut ?? fans.fanOut,
  };
}

/** Options of {@link computeFans}. */
export interface FanOptions {
  /** Layout of `shape`. Default 'tfjs'. */
  layout?: WeightLayout;
  /** Whether `shape` is a tfjs depthwise kernel. Default false. */
  depthwise?: boolean;
  /** Fan in to use instead of the computed one, a positive integer. */
  fanIn?: number;
  /** Fan out to use instead of the computed one, a positive integer. */
  fanOut?: number;
}

/**
 * Validates the fan options of `options`, ignoring its other keys, and
 * returns those that are set, with `layout` spelled canonically ('Torch'
 * becomes 'torch'). Initializers store the result in their config.
 * Throws INVALID_OPTION for an invalid value and for `depthwise: true` with
 * the torch layout.
 */
export function resolveFanOptions(options: FanOptions): FanOptions {
  const resolved: FanOptions = {};
  if (options.layout !== undefined) {
    resolved.layout = requireChoice('layout', options.layout, LAYOUTS);
  }
  if (options.depthwise !== undefined) {
    resolved.depthwise = requireBoolean('depthwise', options.depthwise);
  }
  if (options.fanIn !== undefined) {
    resolved.fanIn = requirePositiveInteger('fanIn', options.fanIn);
  }
  if (options.fanOut !== undefined) {
    resolved.fanOut = requirePositiveInteger('fanOut', options.fanOut);
  }

  if (resolved.depthwise === true && resolved.layout === 'torch') {
    throw new InitializerError(
      'INVALID_OPTION',
      `depthwise needs a tfjs kernel [...spatial, in, multiplier], so ` +
        `layout must be 'tfjs'; got layout 'torch'`,
    );
  }
  return resolved;
}

function shapeFans(
  shape: readonly number[],
  layout: WeightLayout,
  depthwise: boolean,
): Fans {
  const dims = validateShape('computeFans', shape);
  if (depthwise) {
    if (dims.length < 3) {
      throw new InitializerError(
        'INVALID_OPTION',
        `depthwise needs a tfjs kernel [...spatial, in, multiplier] of ` +
          `rank >= 3; got shape ${formatValue(dims)}`,
      );
    }
    const receptiveField = product(dims.slice(0, -2));
    return {
      fanIn: receptiveField,
      fanOut: receptiveField * dims[dims.length - 1],
    };
  }

  if (dims.length === 0) {
    return { fanIn: 1, fanOut: 1 };
  }
  if (dims.length === 1) {
    return { fanIn: dims[0], fanOut: dims[0] };
  }
  if (layout === 'torch') {
    const receptiveField = product(dims.slice(2));
    return {
      fanIn: dims[1] * receptiveField,
      fanOut: dims[0] * receptiveField,
    };
  }
  const receptiveField = product(dims.slice(0, -2));
  const fanIn = dims[dims.length - 2] * receptiveField;
  return { fanIn, fanOut: dims[dims.length - 1] * receptiveField };
}

/** Returns the product of `values`, 1 for an empty list. */
export function product(values: readonly number[]): number {
  return values.reduce((total, value) => total * value, 1);
}
