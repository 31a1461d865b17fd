/** Colors of the runs, in order. */
const RUN_COLORS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#000000',
  '#777777',
];

/** Returns the color of run `index`. */
export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length];
}

/** Line dashes of layers 1, 2, 3 and 4. The output layer is dotted. */
const LAYER_DASHES: number[][] = [[], [7, 4], [2, 3, 7, 3], [10, 3, 2, 3, 2, 3]];

/** Returns the dash of `layer` (0-based) in a network of `layers` layers. */
export function layerDash(layer: number, layers: number): number[] {
  if (layer === layers - 1) return [1.5, 3];
  return LAYER_DASHES[layer % LAYER_DASHES.length];
}
