import { readFile } from 'node:fs/promises';

import { configToArgs, parseCompareArgs, type CompareConfig } from './args';
import { checkpointPath, readCheckpoint } from './checkpoint-file';
import type { PlannedRun, RunRecord } from './compare';
import { UsageError } from './errors';
import type { ResultsFile } from './results';

/** Remaining work of an interrupted comparison. */
export interface ResumePlan {
  config: CompareConfig;
  /** Every run, with the epochs that stay valid. */
  runs: RunRecord[];
  /** Runs to train, from their checkpoint or from the start. */
  planned: PlannedRun[];
}

// A failed run is tried again, from its checkpoint if it has one.
const FINISHED = new Set(['completed', 'diverged']);

/**
 * Reads the results file of an interrupted comparison and its checkpoints.
 * Finished runs are kept. A run with a checkpoint continues from it and
 * keeps the epochs before the checkpoint's epoch; a run without one starts
 * again.
 */
export async function planResume(file: string): Promise<ResumePlan> {
  const results = await readResults(file);
  const parsed = parseStoredConfig(file, results.config);
  const config: CompareConfig = { ...parsed, json: file };
  if (results.runs.length !== config.inits.length) {
    invalid(file, `it has ${results.runs.length} runs but ${config.inits.length} initializers`);
  }
  const runs: RunRecord[] = [];
  const planned: PlannedRun[] = [];
  for (const [index, stored] of results.runs.entries()) {
    if (stored.init !== config.inits[index]) {
      invalid(file, `run ${index} is "${stored.init}" but the initializer is "${config.inits[index]}"`);
    }
    if (FINISHED.has(stored.status)) {
      runs.push(stored);
      continue;
    }
    const resumeFrom = await readCheckpoint(file, index, stored.init);
    const firstEpoch = resumeFrom?.epoch ?? 1;
    const done = resumeFrom?.batchesDone ?? 0;
    // Keep what happened before the checkpoint; the rest is trained again.
    const beforeCheckpoint = (s: { epoch: number; batch: number }) =>
      s.epoch < firstEpoch || (s.epoch === firstEpoch && s.batch <= done);
    runs.push({
      init: stored.init,
      status: 'pending',
      epochs: stored.epochs.filter((epoch) => epoch.epoch < firstEpoch),
      ...(stored.stats ? { stats: stored.stats.filter(beforeCheckpoint) } : {}),
    });
    planned.push({
      index,
      init: stored.init,
      resumeFrom,
      checkpointFile: resumeFrom ? checkpointPath(file, index) : undefined,
    });
  }
  return { config, runs, planned };
}

async function readResults(file: string): Promise<ResultsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}; pass the --json file of the comparison to resume`);
  }
  let results: ResultsFile;
  try {
    results = JSON.parse(text) as ResultsFile;
  } catch {
    return invalid(file, 'it is not valid JSON');
  }
  if (results?.format !== 1 || typeof results.config !== 'object' || !Array.isArray(results.runs)) {
    invalid(file, 'it has no format 1, config and runs');
  }
  results.runs.forEach((run, index) => {
    const valid =
      typeof run?.init === 'string' &&
      typeof run.status === 'string' &&
      Array.isArray(run.epochs) &&
      run.epochs.every((epoch) => Number.isInteger(epoch?.epoch)) &&
      (run.stats === undefined || Array.isArray(run.stats));
    if (!valid) invalid(file, `runs[${index}] needs a string init and status and an epochs list`);
  });
  return results;
}

function parseStoredConfig(file: string, config: ResultsFile['config']): CompareConfig {
  try {
    const parsed = parseCompareArgs(configToArgs(config));
    if (parsed === 'help' || 'resume' in parsed) throw new UsageError('no configuration');
    return parsed;
  } catch (error) {
    return invalid(file, `its config is invalid: ${(error as Error).message}`);
  }
}

function invalid(file: string, reason: string): never {
  throw new UsageError(`cannot resume from ${file}: ${reason}`);
}
