import type { BackendInfo, BackendName } from '../lib/backends';
import { runTaskProcess } from '../lib/child';
import { runTorchStep } from '../lib/python';
import { median } from '../lib/stats';
import type { TrainerName } from '../lib/trainers';
import { loadAverage } from '../machine';
import type { BenchOptions } from '../options';
import type { BackendThroughput, MatMulCaseResult, Throughput, ThroughputResults } from '../results';

interface StepTaskResult {
  backend: BackendInfo;
  samplesPerSecond: Record<string, number[]>;
  layersUpdateError?: number;
}

interface MatMulTaskResult {
  backend: BackendInfo;
  cases: MatMulCaseResult[];
}

// Listed here rather than imported, so this process does not load tfjs-layers.
const TRAINERS: TrainerName[] = ['fit', 'fit-sync16', 'device-gather', 'layers'];

/** Settings of the matMul task by backend: calls per block and blocks. */
const MATMUL_CALLS: Record<BackendName, string[]> = {
  wasm: ['--calls=50', '--blocks=5'],
  cpu: ['--calls=4', '--blocks=3'],
  tensorflow: ['--calls=50', '--blocks=5'],
};

/**
 * Runs `options.rounds` rounds and adds each to `results` as it ends. Each
 * round times every trainer and the plain matMuls on every backend, then
 * the PyTorch step at 1 and 2 threads, so the two figures of each ratio
 * are minutes apart at most.
 */
export async function measureThroughput(
  options: BenchOptions,
  backends: BackendName[],
  torchAvailable: boolean,
  results: ThroughputResults,
  log: (line: string) => void,
): Promise<void> {
  for (let round = 1; round <= options.rounds; round++) {
    for (const backend of backends) {
      log(`round ${round}/${options.rounds}: ${backend} training step and matMul`);
      const step = await runTaskProcess<StepTaskResult>('step', [
        `--backend=${backend}`,
        `--steps=${options.steps[backend]}`,
        `--epochs=${options.stepEpochs}`,
        `--trainers=${TRAINERS.join(',')}`,
      ]);
      const matmul = await runTaskProcess<MatMulTaskResult>('matmul', [
        `--backend=${backend}`,
        ...MATMUL_CALLS[backend],
      ]);
      recordBackendRound(results, backend, step, matmul);
    }
    if (torchAvailable) {
      for (const threads of [1, 2]) {
        log(`round ${round}/${options.rounds}: PyTorch step, ${threads} thread${threads === 1 ? '' : 's'}`);
        const torch = await runTorchStep(
          options.python,
          threads,
          options.torchSteps,
          options.torchRepeats,
        );
        results.torchVersion = torch.torchVersion;
        addRound((results.pytorch[threads] ??= emptyThroughput()), torch.samplesPerSecond);
      }
    }
  }
  results.loadAverage.end = loadAverage();
}

/** Returns empty throughput results that {@link measureThroughput} fills. */
export function newThroughputResults(): ThroughputResults {
  return { backends: {}, pytorch: {}, loadAverage: { start: loadAverage(), end: [] } };
}

function recordBackendRound(
  results: ThroughputResults,
  backend: string,
  step: StepTaskResult,
  matmul: MatMulTaskResult,
): void {
  const entry: BackendThroughput = (results.backends[backend] ??= {
    info: step.backend,
    trainers: {},
    matmul: [],
    ceilingGflops: [],
    newOperandCeilingGflops: [],
  });
  for (const [name, samples] of Object.entries(step.samplesPerSecond)) {
    addRound((entry.trainers[name] ??= emptyThroughput()), samples);
  }
  if (step.layersUpdateError !== undefined) {
    entry.layersUpdateError = Math.max(entry.layersUpdateError ?? 0, step.layersUpdateError);
  }
  entry.matmul.push(matmul.cases);
  entry.ceilingGflops.push(stepCeilingGflops(matmul.cases, false));
  (entry.newOperandCeilingGflops ??= []).push(stepCeilingGflops(matmul.cases, true));
}

/**
 * Returns the GFLOP/s of the step's five plain matMuls run back to back:
 * their FLOPs over the sum of their times, timed with the same right
 * operand in every call or with a new one.
 */
export function stepCeilingGflops(cases: MatMulCaseResult[], newOperand: boolean): number {
  let flops = 0;
  let seconds = 0;
  for (const c of cases.filter((each) => each.inStep && Boolean(each.newOperand) === newOperand)) {
    flops += c.flops;
    seconds += c.seconds;
  }
  return flops / seconds / 1e9;
}

function emptyThroughput(): Throughput {
  return { samplesPerSecond: [], perRound: [] };
}

function addRound(throughput: Throughput, samples: number[]): void {
  throughput.samplesPerSecond.push(...samples);
  throughput.perRound.push(median(samples));
}
