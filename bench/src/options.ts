import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Root of the repository, two levels above this file's folder. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Parts of the benchmark, in the order they run. */
export const SECTIONS = ['throughput', 'profile', 'evaluate', 'memory', 'classic', 'browser'] as const;

export type Section = (typeof SECTIONS)[number];

/** Settings of one `pnpm bench` run. */
export interface BenchOptions {
  mode: 'quick' | 'full';
  /** Rounds of every side-by-side comparison. Each figure is a median over them. */
  rounds: number;
  /** Epochs of the end-to-end classic experiment. */
  classicEpochs: number;
  /** Training steps per timed epoch of the step benchmark, by backend. */
  steps: { wasm: number; cpu: number; tensorflow: number };
  /** Timed epochs per trainer in each round of the step benchmark. */
  stepEpochs: number;
  /** Timed steps per repeat of the PyTorch step benchmark. */
  torchSteps: number;
  /** Repeats per round of the PyTorch step benchmark. */
  torchRepeats: number;
  /** Training steps per timed epoch of bench.html in Chromium, by tfjs backend. */
  browserSteps: { webgpu: number; webgl: number; wasm: number; cpu: number };
  /** Untimed training steps before bench.html's first timed epoch. */
  browserWarmup: number;
  sections: Section[];
  /** A results file to render into the page instead of measuring. */
  reportFrom?: string;
  python: string;
  json: string;
  doc: string;
}

export const USAGE = `Usage: pnpm bench [--quick] [options]

Measures initlab's training speed against tfjs-layers and PyTorch on this
machine and writes the figures to docs/benchmarks.md and to a JSON file.

Options:
  --quick            run the end-to-end experiment for 2 epochs instead of
                     10, and time fewer steps (8 to 12 minutes instead of
                     34 to 52 on a shared 2-core machine)
  --rounds N         rounds of each comparison; figures are medians over
                     them (default 3)
  --sections LIST    comma-separated parts to run (default all:
                     ${SECTIONS.join(',')})
  --python PATH      Python with torch for the PyTorch comparison
                     (default /usr/bin/python3)
  --json FILE        results file (default bench/results/latest.json); its
                     folder is created when missing
  --doc FILE         Markdown page to update (default docs/benchmarks.md);
                     it must exist and contain the lines
                     <!-- bench:results:start --> and <!-- bench:results:end -->
  --report-from FILE update the page from a results file written earlier,
                     without measuring
  -h, --help         show this help

The browser section opens apps/web/dist/bench.html in headless Chromium
(/usr/bin/chromium, or the CHROMIUM_PATH environment variable). It builds
the web app first when bench.html is missing or older than the package
builds and web sources it bundles.
`;

/** Parses the command line. Returns undefined after printing the help. */
export function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      sections: { type: 'string', default: SECTIONS.join(',') },
      python: { type: 'string', default: '/usr/bin/python3' },
      json: { type: 'string', default: path.join(REPO_ROOT, 'bench/results/latest.json') },
      doc: { type: 'string', default: path.join(REPO_ROOT, 'docs/benchmarks.md') },
      'report-from': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return undefined;
  }
  const rounds = Number(values.rounds);
  if (!(Number.isInteger(rounds) && rounds > 0)) {
    throw new Error(`--rounds must be a positive integer; got "${values.rounds}"`);
  }
  const sections = values.sections.split(',').map((name) => name.trim());
  const unknown = sections.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`--sections must list names from ${SECTIONS.join(', ')}; got "${unknown.join(',')}"`);
  }
  const quick = values.quick;
  return {
    mode: quick ? 'quick' : 'full',
    rounds,
    classicEpochs: quick ? 2 : 10,
    steps: quick ? { wasm: 100, cpu: 10, tensorflow: 100 } : { wasm: 200, cpu: 16, tensorflow: 200 },
    stepEpochs: quick ? 1 : 2,
    torchSteps: quick ? 200 : 300,
    torchRepeats: quick ? 1 : 2,
    browserSteps: quick
      ? { webgpu: 100, webgl: 100, wasm: 100, cpu: 10 }
      : { webgpu: 200, webgl: 200, wasm: 200, cpu: 16 },
    browserWarmup: 20,
    sections: sections as Section[],
    reportFrom: values['report-from'] && path.resolve(invocationDir(), values['report-from']),
    python: values.python,
    json: path.resolve(invocationDir(), values.json),
    doc: path.resolve(invocationDir(), values.doc),
  };
}

/**
 * Returns the folder the user ran the command from. pnpm runs package
 * scripts in the package's folder and keeps the original one in INIT_CWD.
 */
function invocationDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}
