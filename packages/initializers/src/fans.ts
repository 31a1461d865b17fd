import { requireChoice, validateShape } from './validate';

/** Weight layout: tfjs/Keras kernels are [..., in, out], PyTorch [out, in, ...]. */
export type WeightLayout = 'tfjs' | 'torch';

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
 */
export function computeFans(
  shape: readonly number[],
  options: { layout?: WeightLayout } = {},
): Fans {
  const dims = validateShape('computeFans', shape);
  const layout = requireChoice('layout', options.layout ?? 'tfjs', [
    'tfjs',
    'torch',
  ]);

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
