import type { LayerStats, StatsSnapshot } from './stats';

/** Kinds of trouble that {@link diagnose} recognizes. */
export type ProblemKind =
  | 'divergence'
  | 'unbrokenSymmetry'
  | 'vanishingGradients'
  | 'vanishingActivations'
  | 'explodingActivations'
  | 'saturation'
  | 'deadUnits';

/** One problem found in a run, with the layer it was seen in. */
export interface Problem {
  kind: ProblemKind;
  /** 0-based layer index; absent for the whole run. */
  layer?: number;
  /** A sentence with the measured value behind the finding. */
  detail: string;
}

/** Diagnosis of a run: whether it is healthy, and each problem found. */
export interface Verdict {
  healthy: boolean;
  problems: Problem[];
}

/**
 * Thresholds of {@link diagnose}. They flag the textbook failures (zero
 * init, N(0, 1) in deep nets, dying ReLU) and stay quiet for Xavier and He
 * on the networks the tests run. They are judgment calls, not constants of
 * any paper.
 */
export const VERDICT_THRESHOLDS = {
  /** Smallest over largest kernel-gradient norm across layers. */
  vanishingRatio: 1e-3,
  /**
   * Largest kernel-gradient norm under which no useful gradient reaches the
   * weights; healthy runs on standardized inputs are above 1e-3.
   */
  zeroGradient: 1e-6,
  /** Smallest over the first hidden layer's activation standard deviation. */
  vanishingActivationRatio: 1e-3,
  /** Activation standard deviation of an exploding layer. */
  explodingStd: 100,
  /** Fraction of saturated tanh or sigmoid activations. */
  saturatedFraction: 0.5,
  /** Fraction of ReLU units that never fire on the batch. */
  deadFraction: 0.5,
} as const;

/**
 * Names what went wrong in a run from its statistics. Symmetry, gradient
 * flow and vanishing activations are judged at the first snapshot, where
 * the initialization alone decides them, and again at the last. The other
 * checks look at every snapshot. A run that diverged is flagged whatever its
 * statistics.
 */
export function diagnose(snapshots: StatsSnapshot[], diverged = false): Verdict {
  const problems: Problem[] = [];
  const add = (problem: Problem) => {
    const seen = problems.some((p) => p.kind === problem.kind && p.layer === problem.layer);
    if (!seen) problems.push(problem);
  };
  if (diverged) add({ kind: 'divergence', detail: 'the loss became NaN or infinite' });
  const ends = snapshots.length > 0 ? [snapshots[0], snapshots[snapshots.length - 1]] : [];
  for (const snapshot of ends) {
    checkSymmetry(snapshot.layers).forEach(add);
    checkGradients(snapshot.layers).forEach(add);
    checkActivations(snapshot.layers).forEach(add);
  }
  for (const snapshot of snapshots) {
    for (const layer of snapshot.layers) checkLayer(layer).forEach(add);
  }
  return { healthy: problems.length === 0, problems };
}

function checkSymmetry(layers: LayerStats[]): Problem[] {
  return layers
    .filter((l) => l.distinctUnits !== null && l.units > 1 && l.distinctUnits < l.units)
    .map((l) => ({
      kind: 'unbrokenSymmetry',
      layer: l.layer,
      detail: `only ${l.distinctUnits} of ${l.units} units have distinct incoming weights`,
    }));
}

function checkGradients(layers: LayerStats[]): Problem[] {
  const norms = layers.map((l) => l.gradientNorm);
  const largest = Math.max(...norms);
  return layers
    .filter(
      (l) =>
        largest < VERDICT_THRESHOLDS.zeroGradient ||
        l.gradientNorm < VERDICT_THRESHOLDS.vanishingRatio * largest,
    )
    .map((l) => ({
      kind: 'vanishingGradients',
      layer: l.layer,
      detail: `kernel gradient norm ${l.gradientNorm.toExponential(2)} (largest layer: ${largest.toExponential(2)})`,
    }));
}

function checkActivations(layers: LayerStats[]): Problem[] {
  const hidden = layers.slice(0, -1);
  const first = hidden[0]?.activationStd ?? 0;
  if (!(first > 0)) return [];
  return hidden
    .filter((l) => l.activationStd < VERDICT_THRESHOLDS.vanishingActivationRatio * first)
    .map((l) => ({
      kind: 'vanishingActivations',
      layer: l.layer,
      detail: `activation std ${l.activationStd.toExponential(2)} (first hidden layer: ${first.toExponential(2)})`,
    }));
}

function checkLayer(l: LayerStats): Problem[] {
  const found: Problem[] = [];
  if (l.nonFinite > 0) {
    found.push({ kind: 'divergence', layer: l.layer, detail: `${l.nonFinite} NaN or infinite values` });
  }
  if (l.activationStd > VERDICT_THRESHOLDS.explodingStd) {
    const std = l.activationStd.toExponential(2);
    found.push({ kind: 'explodingActivations', layer: l.layer, detail: `activation std ${std}` });
  }
  if ((l.saturatedFraction ?? 0) > VERDICT_THRESHOLDS.saturatedFraction) {
    const percent = (l.saturatedFraction! * 100).toFixed(0);
    found.push({ kind: 'saturation', layer: l.layer, detail: `${percent}% of ${l.activation} activations saturated` });
  }
  if ((l.deadFraction ?? 0) > VERDICT_THRESHOLDS.deadFraction) {
    const percent = (l.deadFraction! * 100).toFixed(0);
    found.push({ kind: 'deadUnits', layer: l.layer, detail: `${percent}% of ReLU units never active` });
  }
  return found;
}
