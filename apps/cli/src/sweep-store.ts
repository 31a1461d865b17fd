import { readFile, readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';

import type {
  EpochResult,
  StatsSnapshot,
  TrainCheckpoint,
} from '@initlab/train';

import {
  decodeCheckpoint,
  encodeCheckpoint,
  type StoredCheckpoint,
} from './checkpoint-file';
import type { Environment } from './environment';
import { UsageError } from './errors';
import type { SweepPoint } from './grid';
import { writeJsonAtomic, writeTextAtomic } from './results';
import type { SweepDefinition } from './sweep-args';
import type { ConfigurationSummary, SweepRun } from './summary';

/** Contents of `DIR/sweep.json`: what the sweep trains. */
export interface SweepFile {
  format: 1;
  definition: SweepDefinition;
  /** Run ids in grid order. */
  runs: string[];
}

/** Contents of `DIR/runs/<run-id>.json`: one finished run. */
export type RunFile = { format: 1; environment: Environment } & SweepRun;

/** Contents of `DIR/results.json`: every run and the ranking. */
export interface SweepResultsFile {
  format: 1;
  definition: SweepDefinition;
  environment: Environment;
  summary: ConfigurationSummary[];
  runs: SweepRun[];
}

/** Contents of `DIR/checkpoints/<run-id>.json`: an unfinished run. */
interface SweepCheckpointFile {
  format: 1;
  id: string;
  epochs: EpochResult[];
  stats?: StatsSnapshot[];
  checkpoint: StoredCheckpoint;
}

/** An unfinished run's state, to continue from. */
export interface SweepCheckpoint {
  epochs: EpochResult[];
  stats?: StatsSnapshot[];
  checkpoint: TrainCheckpoint;
}

/** Reads and writes the files of a sweep folder, each atomically. */
export class SweepStore {
  constructor(readonly dir: string) {}

  get sweepFile(): string {
    return path.join(this.dir, 'sweep.json');
  }

  runFile(id: string): string {
    return path.join(this.dir, 'runs', `${id}.json`);
  }

  checkpointFile(id: string): string {
    return path.join(this.dir, 'checkpoints', `${id}.json`);
  }

  get csvFile(): string {
    return path.join(this.dir, 'results.csv');
  }

  get resultsFile(): string {
    return path.join(this.dir, 'results.json');
  }

  /** Returns `sweep.json`, or undefined when the folder contains no sweep. */
  async readSweep(): Promise<SweepFile | undefined> {
    const stored = await this.readJson<SweepFile>(this.sweepFile);
    if (stored === undefined) return undefined;
    if (
      stored.format !== 1 ||
      typeof stored.definition !== 'object' ||
      !Array.isArray(stored.runs)
    ) {
      throw new UsageError(
        `${this.sweepFile} is not a format 1 sweep file; choose another --out`,
      );
    }
    return stored;
  }

  writeSweep(definition: SweepDefinition, points: SweepPoint[]): Promise<void> {
    const file: SweepFile = {
      format: 1,
      definition,
      runs: points.map((p) => p.id),
    };
    return writeJsonAtomic(this.sweepFile, file);
  }

  /** Returns the finished run `point.id`, or undefined when it has no file. */
  async readRun(point: SweepPoint): Promise<RunFile | undefined> {
    const file = this.runFile(point.id);
    const stored = await this.readJson<RunFile>(file);
    if (
      stored !== undefined &&
      (stored.format !== 1 ||
        stored.id !== point.id ||
        !Array.isArray(stored.epochs))
    ) {
      throw new UsageError(
        `${file} is not a format 1 file of run ${point.id}; delete it to train that run again`,
      );
    }
    return stored;
  }

  async writeRun(run: SweepRun, environment: Environment): Promise<void> {
    const stored: RunFile = { format: 1, environment, ...run };
    await writeJsonAtomic(this.runFile(run.id), stored);
  }

  /** Returns the checkpoint of an unfinished run, or undefined when there is none. */
  async readCheckpoint(id: string): Promise<SweepCheckpoint | undefined> {
    const file = this.checkpointFile(id);
    const stored = await this.readJson<SweepCheckpointFile>(file);
    if (stored === undefined) return undefined;
    try {
      if (stored.format !== 1 || stored.id !== id)
        throw new Error(`it is not a checkpoint of ${id}`);
      return {
        epochs: stored.epochs,
        stats: stored.stats,
        checkpoint: decodeCheckpoint(stored.checkpoint),
      };
    } catch (error) {
      throw new UsageError(
        `invalid checkpoint ${file}: ${
          (error as Error).message
        }; delete it to train run ${id} from the beginning`,
      );
    }
  }

  writeCheckpoint(id: string, state: SweepCheckpoint): Promise<void> {
    const stored: SweepCheckpointFile = {
      format: 1,
      id,
      epochs: state.epochs,
      ...(state.stats ? { stats: state.stats } : {}),
      checkpoint: encodeCheckpoint(state.checkpoint),
    };
    return writeJsonAtomic(this.checkpointFile(id), stored);
  }

  removeCheckpoint(id: string): Promise<void> {
    return rm(this.checkpointFile(id), { force: true });
  }

  async writeResults(results: SweepResultsFile, csv: string): Promise<void> {
    await writeTextAtomic(this.csvFile, csv);
    await writeJsonAtomic(this.resultsFile, results);
  }

  /** Deletes temporary files that a killed process left behind. */
  async removeStaleTemporaries(): Promise<void> {
    for (const folder of [
      this.dir,
      path.join(this.dir, 'runs'),
      path.join(this.dir, 'checkpoints'),
    ]) {
      const names = await readdir(folder).catch(() => [] as string[]);
      const stale = names.filter((name) => name.endsWith('.tmp'));
      await Promise.all(
        stale.map((name) => rm(path.join(folder, name), { force: true })),
      );
    }
  }

  /** Removes the checkpoints folder when no checkpoint is left in it. */
  async removeEmptyCheckpointFolder(): Promise<void> {
    await rmdir(path.join(this.dir, 'checkpoints')).catch(() => undefined);
  }

  private async readJson<T>(file: string): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      throw new UsageError(
        `cannot read ${file}: ${code ?? (error as Error).message}`,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new UsageError(
        `${file} is not valid JSON; delete it, or choose another --out`,
      );
    }
  }
}
