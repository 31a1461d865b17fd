import { COMPARE_HELP } from './args';
import { compareCommand } from './compare-command';
import { initlabVersion } from './environment';
import { UsageError } from './errors';
import { INSPECT_HELP, formatInspection, inspect, parseInspectArgs } from './inspect';
import { createLogger, reportBackend } from './output';
import { reportCommand } from './report-command';
import { checkOutputFile, writeJsonAtomic } from './results';
import { selectBackend } from './backend';
import { sweepCommand } from './sweep';

const HELP = `Usage: initlab <command> [options]

Commands:
  compare   train one MLP per initializer on MNIST and compare test accuracy
  sweep     train every combination of initializers, activations,
            architectures, optimizers, learning rates and seeds, and rank
            the configurations by mean final test accuracy over seeds
  report    write a self-contained HTML report of a sweep folder or of a
            compare --json file
  inspect   measure how the signal propagates through an untrained deep MLP

Options:
  -h, --help     show this help
  -v, --version  print the version

Run initlab <command> --help for the options of a command.
Exit codes: 0 success, 1 a run failed or diverged, 2 invalid usage,
130 or 143 stopped by SIGINT or SIGTERM (resumable with --resume).
`;

const COMMANDS = ['compare', 'sweep', 'report', 'inspect'];

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${initlabVersion()}\n`);
    return 0;
  }
  switch (command) {
    case 'compare':
      return compareCommand(rest, COMPARE_HELP);
    case 'sweep':
      return sweepCommand(rest);
    case 'report':
      return reportCommand(rest);
    case 'inspect':
      return inspectCommand(rest);
    default:
      throw new UsageError(`unknown command "${command}"; valid commands: ${COMMANDS.join(', ')}`);
  }
}

async function inspectCommand(argv: string[]): Promise<number> {
  const config = parseInspectArgs(argv);
  if (config === 'help') {
    process.stdout.write(INSPECT_HELP);
    return 0;
  }
  if (config.json !== undefined) await checkOutputFile('--json', config.json);
  const log = createLogger(config.quiet);
  const backend = await selectBackend(config.backend);
  reportBackend(log, backend, config.verbose);
  const architecture = [784, ...config.hidden, 10].join('-');
  log.info(`inspecting a ${architecture} ${config.activation} MLP on ${config.examples} images`);
  const runs = await inspect(config);
  process.stdout.write(formatInspection(runs) + '\n');
  if (config.json) {
    const { json: _json, verbose: _verbose, quiet: _quiet, ...kept } = config;
    await writeJsonAtomic(config.json, { format: 1, config: kept, backend: backend.name, runs });
    log.info(`results written to ${config.json}`);
  }
  return 0;
}

/** Errors of the initlab packages name the invalid value in their message. */
function isPackageError(error: unknown): boolean {
  return (
    error instanceof Error &&
    ['IdxError', 'InitializerError', 'MlpError', 'TrainError'].includes(error.name)
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || isPackageError(error);
    if (process.argv.includes('--debug')) {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`initlab: ${message}\n`);
    }
    process.exitCode = usage ? 2 : 1;
  },
);
