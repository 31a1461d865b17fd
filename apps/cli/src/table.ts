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
