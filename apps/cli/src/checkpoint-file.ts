import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { TensorSnapshot, TrainCheckpoint } from '@initlab/train';

import { UsageError } from './errors';

interface StoredTensor {
  shape: number[];
  /** Little-endian float32 values, base64. */
  float32: string;
}

/** A checkpoint with its tensors in JSON-safe form. */
export type StoredCheckpoint = Omit<TrainCheckpoint, 'modelWeights' | 'optimizerWeights'> & {
  modelWeights: StoredTensor[];
  optimizerWeights: StoredTensor[];
};

/** Contents of one run's checkpoint file. */
interface CheckpointFile {
  format: 1;
  init: string;
  checkpoint: StoredCheckpoint;
}

/** Folder of the checkpoints that belong to the results file `json`. */
export function checkpointDir(json: string): string {
  return `${json}.checkpoints`;
}

/** Path of run `index`'s checkpoint. */
export function checkpointPath(json: string, index: number): string {
  return path.join(checkpointDir(json), `run-${index}.json`);
}

/** Converts a checkpoint into a JSON-safe document. */
export function toCheckpointFile(init: string, checkpoint: TrainCheckpoint): CheckpointFile {
  return { format: 1, init, checkpoint: encodeCheckpoint(checkpoint) };
}

/** Encodes a checkpoint's tensors as base64 float32. */
export function encodeCheckpoint(checkpoint: TrainCheckpoint): StoredCheckpoint {
  return {
    ...checkpoint,
    modelWeights: checkpoint.modelWeights.map(encode),
    optimizerWeights: checkpoint.optimizerWeights.map(encode),
  };
}

/** Decodes {@link encodeCheckpoint}'s output; throws when a tensor's size is wrong. */
export function decodeCheckpoint(stored: StoredCheckpoint): TrainCheckpoint {
  return {
    ...stored,
    modelWeights: stored.modelWeights.map(decode),
    optimizerWeights: stored.optimizerWeights.map(decode),
  };
}

/**
 * Reads run `index`'s checkpoint of `json`, or returns undefined when there
 * is none. A file that exists but cannot be used is a {@link UsageError}.
 */
export async function readCheckpoint(
  json: string,
  index: number,
  init: string,
): Promise<TrainCheckpoint | undefined> {
  const file = checkpointPath(json, index);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read checkpoint ${file}: ${(error as Error).message}`);
  }
  try {
    const stored = JSON.parse(text) as CheckpointFile;
    if (stored?.format !== 1) {
      throw new Error(`format must be 1; got ${JSON.stringify(stored?.format)}`);
    }
    if (stored.init !== init) {
      throw new Error(`it belongs to "${stored.init}", not "${init}"`);
    }
    if (typeof stored.checkpoint !== 'object' || stored.checkpoint === null) {
      throw new Error('it has no checkpoint');
    }
    return decodeCheckpoint(stored.checkpoint);
  } catch (error) {
    throw new UsageError(
      `invalid checkpoint ${file}: ${(error as Error).message}; delete it to restart run "${init}" from the beginning`,
    );
  }
}

/** Requirements that a run's checkpoint must meet before a resume. */
export interface CheckpointExpectation {
  epochs: number;
  batchesPerEpoch: number;
  /** Shapes of the model's kernels and biases, in trainableVariables order. */
  weightShapes: number[][];
}

/**
 * Returns why `checkpoint` cannot continue a run with `expected`, or
 * undefined when it can. Run before any training, so that a damaged or
 * hand-edited file fails with a message instead of a failed run.
 */
export function checkpointProblem(
  checkpoint: TrainCheckpoint,
  expected: CheckpointExpectation,
): string | undefined {
  const { epoch, batchesDone, lossSum, elapsedSeconds, rngState } = checkpoint;
  if (!(Number.isInteger(epoch) && epoch >= 1 && epoch <= expected.epochs)) {
    return `epoch must be an integer in [1, ${expected.epochs}]; got ${epoch}`;
  }
  if (!(Number.isInteger(batchesDone) && batchesDone >= 0 && batchesDone < expected.batchesPerEpoch)) {
    return `batchesDone must be an integer in [0, ${expected.batchesPerEpoch}); got ${batchesDone}`;
  }
  if (!Number.isFinite(lossSum) || !(Number.isFinite(elapsedSeconds) && elapsedSeconds >= 0)) {
    return `lossSum and elapsedSeconds must be finite numbers; got ${lossSum} and ${elapsedSeconds}`;
  }
  const words = Array.isArray(rngState) ? rngState : [];
  const validWords = words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32);
  if (words.length !== 4 || !validWords || words.every((w) => w === 0)) {
    return `rngState must be four 32-bit unsigned integers, not all zero; got ${JSON.stringify(rngState)}`;
  }
  const shapes = checkpoint.modelWeights.map((w) => w.shape.join(','));
  const modelShapes = expected.weightShapes.map((s) => s.join(','));
  if (shapes.join(';') !== modelShapes.join(';')) {
    return `its weights have shapes [${shapes.join('] [')}], but the model has [${modelShapes.join('] [')}]`;
  }
  return undefined;
}

function encode({ shape, values }: TensorSnapshot): StoredTensor {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return { shape, float32: bytes.toString('base64') };
}

function decode({ shape, float32 }: StoredTensor): TensorSnapshot {
  const bytes = Buffer.from(float32, 'base64');
  const values = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(values.buffer).set(bytes);
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) {
    throw new Error(`a tensor of shape [${shape}] has ${values.length} values`);
  }
  return { shape, values };
}
