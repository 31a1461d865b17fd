import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { CompareConfig } from './args';
import type { BackendSelection } from './backend';
import type { RunRecord } from './compare';

/** Contents of the `--json` file. */
export interface ResultsFile {
  /** Version of this file's layout. */
  format: 1;
  config: Omit<CompareConfig, 'json' | 'verbose' | 'workers'>;
  backend: { name: string; provider: string; gpu: boolean };
  runs: RunRecord[];
}

/** Builds the JSON document from the config, backend and runs so far. */
export function toResultsFile(
  config: CompareConfig,
  backend: BackendSelection,
  runs: RunRecord[],
): ResultsFile {
  const { json: _json, verbose: _verbose, workers: _workers, ...kept } = config;
  return {
    format: 1,
    config: kept,
    backend: { name: backend.name, provider: backend.provider, gpu: backend.gpu },
    runs,
  };
}

/**
 * Writes `value` as JSON to `file` through a temporary file in the same
 * folder and a rename, so that the file is always either the previous
 * complete version or the new one.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(value, null, 2) + '\n');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Serializes writes of one file: each call waits for the previous one, so
 * that a later snapshot never loses to an earlier one.
 */
export function createSerialWriter(file: string): (value: unknown) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return (value) => {
    const snapshot = JSON.parse(JSON.stringify(value)) as unknown;
    last = last.then(() => writeJsonAtomic(file, snapshot));
    return last;
  };
}
