import { COMPARE_HELP, parseCompareArgs, type CompareConfig } from './args';
import { selectBackend, type BackendSelection } from './backend';
import { runComparison, type RunRecord } from './compare';
import { loadSharedMnist } from './data';
import { UsageError } from './errors';
import { ProgressDisplay } from './progress';
import { createSerialWriter, toResultsFile } from './results';
import { formatAccuracyTable } from './table';

const HELP = `Usage: initlab <command> [options]

Commands:
  compare   train one MLP per initializer on MNIST and compare test accuracy

Run initlab <command> --help for the options of a command.
Exit codes: 0 success, 1 a run failed or diverged, 2 invalid usage.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'compare') {
    throw new UsageError(`unknown command "${command}"; valid commands: compare`);
  }
  const config = parseCompareArgs(rest);
  if (config === 'help') {
    process.stdout.write(COMPARE_HELP);
    return 0;
  }
  return compare(config);
}

async function compare(config: CompareConfig): Promise<number> {
  const backend = await selectBackend(config.backend);
  reportBackend(backend, config.verbose);
  const data = await loadSharedMnist({
    dir: config.dataDir,
    normalization: config.normalization,
    trainLimit: config.trainLimit,
  });
  const architecture = [data.train.features, ...config.hidden, 10].join('-');
  log(
    `training ${architecture} ${config.activation} MLP on ${data.train.count} images` +
      ` (${data.test.count} test), ${config.optimizer} lr ${config.learningRate},` +
      ` batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed},` +
      ` ${Math.min(config.workers, config.inits.length)} worker(s)`,
  );

  const display = new ProgressDisplay(config.inits, config.epochs);
  const write = config.json ? createSerialWriter(config.json) : undefined;
  let runs: RunRecord[] = config.inits.map((init) => ({ init, status: 'pending', epochs: [] }));
  const save = () => write?.(toResultsFile(config, backend, runs));
  runs = await runComparison(config, backend, data, {
    onProgress: (index, epoch, batch, batches) =>
      display.progress(index, epoch, batch, batches),
    onEpoch: async (index, result) => {
      runs[index].epochs.push(result);
      display.epochEnd(index, result);
      await save();
    },
    onRunEnd: async (index, record) => {
      runs[index] = record;
      display.runEnd(index, record);
      await save();
    },
  });
  display.finish();
  await save();

  process.stdout.write(formatAccuracyTable(runs, config.epochs) + '\n');
  if (config.json) log(`results written to ${config.json}`);
  return runs.every((run) => run.status === 'completed') ? 0 : 1;
}

function reportBackend(backend: BackendSelection, verbose: boolean): void {
  const device = backend.gpu ? 'GPU' : 'CPU';
  log(`backend: ${backend.name} (${backend.provider}, ${device})`);
  if (verbose) {
    for (const skipped of backend.skipped) {
      log(`skipped ${skipped.provider}: ${skipped.reason}`);
    }
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || isPackageError(error)) {
      process.stderr.write(`initlab: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    if (process.argv.includes('--debug')) throw error;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`initlab: ${message}\n`);
    process.exitCode = 1;
  },
);

/** Errors of the initlab packages carry a string `code` and name the value. */
function isPackageError(error: unknown): boolean {
  return (
    error instanceof Error &&
    ['IdxError', 'InitializerError', 'MlpError', 'TrainError'].includes(error.name)
  );
}
