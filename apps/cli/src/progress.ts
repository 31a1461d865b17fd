import type { EpochResult } from '@initlab/train';

import type { RunRecord } from './compare';

interface RunState {
  label: string;
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  startedAt?: number;
  lastAccuracy?: number;
  status: RunRecord['status'];
}

/**
 * Shows the progress of every run. On a terminal it redraws one line per
 * run with an ETA, at most every `redrawMs`; otherwise it prints one plain
 * line per finished epoch and run.
 */
export class ProgressDisplay {
  private readonly runs: RunState[];
  private readonly startedAt = performance.now();
  private drawnLines = 0;
  private lastDraw = 0;

  constructor(
    labels: string[],
    private readonly epochs: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly interactive = stream.isTTY === true,
    private readonly redrawMs = 100,
  ) {
    this.runs = labels.map((label) => ({
      label,
      epoch: 0,
      batch: 0,
      batchesPerEpoch: 0,
      status: 'pending',
    }));
  }

  progress(index: number, epoch: number, batch: number, batches: number): void {
    const run = this.runs[index];
    run.startedAt ??= performance.now();
    run.status = 'running';
    Object.assign(run, { epoch, batch, batchesPerEpoch: batches });
    this.redraw(false);
  }

  epochEnd(index: number, result: EpochResult): void {
    const run = this.runs[index];
    run.lastAccuracy = result.testAccuracy;
    if (!this.interactive) {
      this.stream.write(
        `${run.label}: epoch ${result.epoch}/${this.epochs}` +
          `  test accuracy ${percent(result.testAccuracy)}` +
          `  test loss ${result.testLoss.toFixed(4)}` +
          `  ${result.seconds.toFixed(1)} s\n`,
      );
    }
    this.redraw(true);
  }

  runEnd(index: number, record: RunRecord): void {
    const run = this.runs[index];
    run.status = record.status;
    if (!this.interactive) {
      const detail = record.error ? `: ${record.error}` : '';
      this.stream.write(`${run.label}: ${record.status}${detail}\n`);
    }
    this.redraw(true);
  }

  /** Erases the live lines so that the final output starts clean. */
  finish(): void {
    if (this.interactive) this.redraw(true);
    this.drawnLines = 0;
  }

  private redraw(force: boolean): void {
    if (!this.interactive) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < this.redrawMs) return;
    this.lastDraw = now;
    const lines = [...this.runs.map((run) => this.describe(run, now)), this.summary(now)];
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F` : '';
    this.stream.write(up + lines.map((line) => `\x1b[2K${line}\n`).join(''));
    this.drawnLines = lines.length;
  }

  private describe(run: RunState, now: number): string {
    const width = Math.max(...this.runs.map((r) => r.label.length));
    const label = run.label.padEnd(width);
    if (run.status === 'pending') return `${label}  waiting`;
    const accuracy =
      run.lastAccuracy === undefined ? '' : `  test acc ${percent(run.lastAccuracy)}`;
    if (run.status !== 'running') return `${label}  ${run.status}${accuracy}`;
    const eta = formatDuration(this.remainingMs(run, now));
    return (
      `${label}  epoch ${run.epoch}/${this.epochs}` +
      `  batch ${run.batch}/${run.batchesPerEpoch}${accuracy}  ETA ${eta}`
    );
  }

  private summary(now: number): string {
    const done = this.runs.filter((r) => r.status !== 'pending' && r.status !== 'running');
    const elapsedMs = now - this.startedAt;
    const batches = Math.max(...this.runs.map((r) => r.batchesPerEpoch));
    const total = this.runs.length * this.epochs * batches;
    const finished = this.runs.reduce((sum, run) => {
      if (run.status !== 'running') return sum + (run.status === 'pending' ? 0 : this.epochs * batches);
      return sum + (run.epoch - 1) * batches + run.batch;
    }, 0);
    // Assumes the remaining runs go as fast as the finished work did.
    const eta = finished > 0 ? formatDuration((elapsedMs / finished) * (total - finished)) : '--';
    return (
      `${done.length}/${this.runs.length} runs done,` +
      ` elapsed ${formatDuration(elapsedMs)}, ETA ${eta}`
    );
  }

  private remainingMs(run: RunState, now: number): number {
    const total = this.epochs * run.batchesPerEpoch;
    const done = (run.epoch - 1) * run.batchesPerEpoch + run.batch;
    if (!run.startedAt || done === 0) return NaN;
    return ((now - run.startedAt) / done) * (total - done);
  }
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** Formats milliseconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '--';
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
