import path from 'node:path';

import { REPO_ROOT } from '../options';
import { describeExit, runCommand, tail } from './child';

/** Folder of the PyTorch scripts. */
export const PYTORCH_DIR = path.join(REPO_ROOT, 'bench/pytorch');

/**
 * Returns the torch version that `python` imports, or throws with the
 * reason it cannot import torch.
 */
export async function torchVersion(python: string): Promise<string> {
  let result;
  try {
    result = await runCommand(python, ['-c', 'import torch; print(torch.__version__)']);
  } catch (error) {
    throw new Error(`${python} could not be started: ${(error as Error).message}`);
  }
  if (result.code !== 0) {
    throw new Error(`${python} -c 'import torch' failed (${describeExit(result)}): ${tail(result.stderr, 300)}`);
  }
  return result.stdout.trim();
}

/** Output of `bench/pytorch/step.py`. */
export interface TorchStepResult {
  torchVersion: string;
  threads: number;
  samplesPerSecond: number[];
}

/** Runs `bench/pytorch/step.py` and returns its result. */
export async function runTorchStep(
  python: string,
  threads: number,
  steps: number,
  repeats: number,
): Promise<TorchStepResult> {
  const args = [
    path.join(PYTORCH_DIR, 'step.py'),
    `--threads=${threads}`,
    `--steps=${steps}`,
    `--repeats=${repeats}`,
    '--warmup=30',
  ];
  const result = await runCommand(python, args, { cwd: REPO_ROOT, timeoutMs: 600_000 });
  if (result.code !== 0) {
    throw new Error(`step.py --threads=${threads} failed (${describeExit(result)}): ${tail(result.stderr)}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as TorchStepResult;
}
