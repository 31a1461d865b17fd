import type { LayerStats, Problem, ProblemKind } from '@initlab/train';

import type { RunRecord } from './compare';

/**
 * Formats test accuracy in percent per epoch (rows) and initializer
 * (columns); a run that ended early leaves its later cells blank.
 */
export function formatAccuracyTable(runs: RunRecord[], epochs: number): string {
  const headers = ['epoch', ...runs.map((run) => run.init)];
  const rows: string[][] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const cells = runs.map((run) => {
      const result = run.epochs.find((e) => e.epoch === epoch);
      return result ? (result.testAccuracy * 100).toFixed(2) : '';
    });
    rows.push([String(epoch), ...cells]);
  }
  rows.push(['status', ...runs.map(describeStatus)]);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column])).join('  ');
  return [
    'Test accuracy (%) by epoch',
    line(headers),
    ...rows.map(line),
  ].join('\n');
}

function describeStatus(run: RunRecord): string {
  if (run.status === 'diverged' && run.divergedAt) {
    return `diverged@${run.divergedAt.epoch}:${run.divergedAt.step}`;
  }
  return run.status === 'completed' ? 'ok' : run.status;
}

const PROBLEM_NAMES: Record<ProblemKind, string> = {
  divergence: 'divergence',
  unbrokenSymmetry: 'unbroken symmetry',
  vanishingGradients: 'vanishing gradients',
  vanishingActivations: 'vanishing activations',
  explodingActivations: 'exploding activations',
  saturation: 'saturation',
  deadUnits: 'dead units',
};

/**
 * Formats each run's verdict and the per-layer statistics of its last
 * snapshot. Layers are numbered from 1, the first hidden layer.
 */
export function formatStats(runs: RunRecord[]): string {
  const width = Math.max(...runs.map((run) => run.init.length));
  const verdicts = runs.map(
    (run) => `  ${run.init.padEnd(width)}  ${describeVerdict(run)}`,
  );
  const header = ['run', 'layer', 'act std', 'grad norm', 'update', 'dead', 'saturated', 'distinct'];
  const rows: string[][] = [];
  for (const run of runs) {
    const last = run.stats?.at(-1);
    for (const layer of last?.layers ?? []) rows.push([run.init, ...layerCells(layer)]);
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [
    'Verdict per run',
    ...verdicts,
    '',
    'Per-layer statistics at the last snapshot (layer 1 is the first hidden layer)',
    line(header),
    ...rows.map(line),
  ].join('\n');
}

function describeVerdict(run: RunRecord): string {
  if (!run.verdict) return run.status === 'completed' ? 'no statistics' : run.status;
  if (run.verdict.healthy) return 'healthy';
  const byKind = new Map<ProblemKind, Problem[]>();
  for (const problem of run.verdict.problems) {
    byKind.set(problem.kind, [...(byKind.get(problem.kind) ?? []), problem]);
  }
  return [...byKind]
    .map(([kind, problems]) => {
      const layers = problems.filter((p) => p.layer !== undefined).map((p) => p.layer! + 1);
      const where = layers.length > 0 ? ` (layer${layers.length > 1 ? 's' : ''} ${layers.join(', ')})` : '';
      return PROBLEM_NAMES[kind] + where;
    })
    .join(', ');
}

function layerCells(layer: LayerStats): string[] {
  const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(0)}%`);
  return [
    String(layer.layer + 1),
    layer.activationStd.toPrecision(3),
    layer.gradientNorm.toExponential(2),
    Number.isNaN(layer.updateRatio) ? '-' : layer.updateRatio.toExponential(2),
    percent(layer.deadFraction),
    percent(layer.saturatedFraction),
    layer.distinctUnits === null ? '-' : `${layer.distinctUnits}/${layer.units}`,
  ];
}
