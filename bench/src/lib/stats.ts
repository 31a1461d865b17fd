/** Returns the median of `values`, or NaN when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Returns the median over rounds of `numerator[i] / denominator[i]`, so that
 * each ratio compares two figures measured in the same round.
 */
export function medianRatio(
  numerator: readonly number[],
  denominator: readonly number[],
): number {
  const count = Math.min(numerator.length, denominator.length);
  const ratios: number[] = [];
  for (let i = 0; i < count; i++) ratios.push(numerator[i] / denominator[i]);
  return median(ratios);
}
