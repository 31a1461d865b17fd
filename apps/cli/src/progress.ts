import type { EpochResult } from '@initlab/train';

import type { RunRecord } from './compare';

interface RunState {
  label: string;
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  startedAt?: number;
  /** Steps of the run that were done before this process started it. */
  stepsBefore?: number;
  lastAccuracy?: number;
  status: RunRecord['status'];
  /** Finished by an earlier process: not part of this process's work. */
  carried: boolean;
}

/** Options of {@link ProgressDisplay}. */
export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Redraw live lines; default: whether `stream` is a terminal. */
  interactive?: boolean;
  redrawMs?: number;
  /**
   * Show only the running runs and the total, as a sweep of many runs
   * needs; plain lines then also carry the total after each run.
   */
  activeOnly?: boolean;
  /** Statuses of runs that an earlier, interrupted process finished. */
  finished?: (RunRecord['status'] | undefined)[];
}

/**
 * Shows the progress of every run. On a terminal it redraws one line per
 * run with an ETA and a line for all runs, at most every `redrawMs`.
 * Elsewhere it prints one plain line per finished epoch and run.
 */
export class ProgressDisplay {
  private readonly runs: RunState[];
  private readonly startedAt = performance.now();
  private readonly stream: NodeJS.WriteStream;
  private readonly interactive: boolean;
  private readonly redrawMs: number;
  private readonly activeOnly: boolean;
  private drawnLines = 0;
  private lastDraw = 0;

  constructor(
    labels: string[],
    private readonly epochs: number,
    options: ProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.interactive = options.interactive ?? this.stream.isTTY === true;
    this.redrawMs = options.redrawMs ?? 100;
    this.activeOnly = options.activeOnly ?? false;
    this.runs = labels.map((label, index) => {
      const finished = options.finished?.[index];
      return {
        label,
        epoch: 0,
        batch: 0,
        batchesPerEpoch: 0,
        status: finished ?? 'pending',
        carried: finished !== undefined,
      };
    });
  }

  progress(index: number, epoch: number, batch: number, batches: number): void {
    const run = this.runs[index];
    run.startedAt ??= performance.now();
    run.stepsBefore ??= (epoch - 1) * batches + batch - 1;
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
      const total = this.activeOnly ? ` (${this.summary(performance.now())})` : '';
      this.stream.write(`${run.label}: ${record.status}${detail}${total}\n`);
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
    const visible = this.activeOnly ? this.runs.filter((r) => r.status === 'running') : this.runs;
    const lines = [...visible.map((run) => this.describe(run, now)), this.summary(now)];
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F` : '';
    // Clear what is left below when fewer lines are drawn than last time.
    const clear = lines.length < this.drawnLines ? '\x1b[J' : '';
    this.stream.write(up + lines.map((line) => `\x1b[2K${line}\n`).join('') + clear);
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
    const active = new Set<RunState['status']>(['pending', 'running', 'stopped']);
    const done = this.runs.filter((r) => !active.has(r.status));
    const elapsedMs = now - this.startedAt;
    const batches = Math.max(...this.runs.map((r) => r.batchesPerEpoch));
    const steps = this.epochs * batches;
    const ours = this.runs.filter((run) => !run.carried);
    let total = 0;
    let finished = 0;
    let before = 0;
    for (const run of ours) {
      total += steps;
      before += run.stepsBefore ?? 0;
      if (run.status === 'running' || run.status === 'stopped') {
        finished += (run.epoch - 1) * batches + run.batch;
      } else if (run.status !== 'pending') {
        finished += steps;
      }
    }
    // Assumes the remaining steps go as fast as this process's steps did;
    // steps done before a resume took no time here.
    const doneHere = finished - before;
    const eta = doneHere > 0 ? formatDuration((elapsedMs / doneHere) * (total - finished)) : '--';
    return (
      `${done.length}/${this.runs.length} runs done,` +
      ` elapsed ${formatDuration(elapsedMs)}, ETA ${eta}`
    );
  }

  private remainingMs(run: RunState, now: number): number {
    const total = this.epochs * run.batchesPerEpoch;
    const done = (run.epoch - 1) * run.batchesPerEpoch + run.batch;
    const doneHere = done - (run.stepsBefore ?? 0);
    if (!run.startedAt || doneHere <= 0) return NaN;
    return ((now - run.startedAt) / doneHere) * (total - done);
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
