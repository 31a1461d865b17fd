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
    if (stored.format !== 1 || stored.init !== init) {
      throw new Error(`it belongs to "${stored.init}", not "${init}"`);
    }
    return decodeCheckpoint(stored.checkpoint);
  } catch (error) {
    throw new UsageError(
      `invalid checkpoint ${file}: ${(error as Error).message}; delete it to restart run "${init}" from the beginning`,
    );
  }
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
