import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { CompareConfig } from './args';
import type { BackendSelection } from './backend';
import type { RunRecord } from './compare';
import { UsageError } from './errors';
import { currentEnvironment, type Environment } from './environment';

/** Contents of the `--json` file. */
export interface ResultsFile {
  /** Version of this file's layout. */
  format: 1;
  config: Omit<CompareConfig, 'json' | 'verbose' | 'workers' | 'quiet'>;
  backend: { name: string; provider: string; gpu: boolean };
  /** Versions and machine of the process that wrote the file; absent in older files. */
  environment?: Environment;
  runs: RunRecord[];
}

/** Builds the JSON document from the config, backend and runs so far. */
export function toResultsFile(
  config: CompareConfig,
  backend: BackendSelection,
  runs: RunRecord[],
): ResultsFile {
  const { json: _json, verbose: _verbose, workers: _workers, quiet: _quiet, ...kept } = config;
  return {
    format: 1,
    config: kept,
    backend: { name: backend.name, provider: backend.provider, gpu: backend.gpu },
    environment: currentEnvironment(backend),
    runs,
  };
}

/**
 * Writes `value` as JSON to `file` through a temporary file in the same
 * folder and a rename, so that the file is always either the previous
 * complete version or the new one.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeTextAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** Writes `text` to `file` as {@link writeJsonAtomic} does. */
export async function writeTextAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Runs file operations one at a time, in the order they were added. */
export interface WriteQueue {
  add(operation: () => Promise<void>): Promise<void>;
  /** Resolves when every operation added so far has finished. */
  idle(): Promise<void>;
}

/**
 * Creates a {@link WriteQueue}, so that a later snapshot of a file never
 * loses to an earlier one and results are written before the checkpoint
 * that follows them.
 */
export function createWriteQueue(): WriteQueue {
  let last: Promise<void> = Promise.resolve();
  return {
    add(operation) {
      last = last.then(operation);
      return last;
    },
    idle: () => last,
  };
}

/**
 * Deletes temporary files that an earlier, killed process left beside
 * `file` and its checkpoints.
 */
export async function removeStaleTemporaries(file: string): Promise<void> {
  const folders = [
    [path.dirname(path.resolve(file)), path.basename(file)],
    [path.resolve(`${file}.checkpoints`), 'run-'],
  ];
  for (const [folder, prefix] of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    const stale = names.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'));
    await Promise.all(stale.map((name) => rm(path.join(folder, name), { force: true })));
  }
}

/**
 * Throws a {@link UsageError} unless `file` can be written by an atomic
 * rename: an empty path, a folder, a device or another non-regular file,
 * or a parent path that runs through a regular file are rejected before any
 * work starts. Replacing a device such as /dev/null with a regular file
 * would damage the system.
 */
export async function checkOutputFile(flag: string, file: string): Promise<void> {
  if (file.trim() === '') throw new UsageError(`${flag} must be a file path; got ""`);
  const target = await lstat(file).catch(() => undefined);
  if (target && !target.isFile()) {
    const kind = target.isDirectory() ? 'a folder' : 'not a regular file';
    throw new UsageError(`${flag} ${file} is ${kind}; give the path of a regular file`);
  }
  let folder = path.dirname(path.resolve(file));
  for (;;) {
    const found = await lstat(folder).catch(() => undefined);
    if (found?.isDirectory() || (found?.isSymbolicLink() && folder !== '/')) return;
    if (found) {
      throw new UsageError(`${flag} ${file} cannot be created: ${folder} is not a folder`);
    }
    const parent = path.dirname(folder);
    if (parent === folder) return;
    folder = parent;
  }
}
