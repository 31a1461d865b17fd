import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';

import { CLASSIC, MATMUL_FLOPS_PER_EXAMPLE } from './lib/classic';
import { median, medianRatio } from './lib/stats';
import {
  formatCount,
  formatFixed,
  formatMiB,
  formatPercent,
  formatRatio,
  table,
} from './format';
import type {
  BackendThroughput,
  BenchResults,
  BrowserBackendInfo,
  BrowserBackendResult,
  BrowserResults,
  ClassicResults,
  ClassicRun,
  Throughput,
  ThroughputResults,
} from './results';
import { CLASSIC_CONFIGS } from './suites/classic';

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Labels of the trainers of `lib/trainers.ts` in the tables. */
const TRAINER_LABELS: Record<string, string> = {
  fit: 'initlab `fit`',
  'fit-sync16': 'initlab `fit`, loss read every 16 steps',
  'device-gather': 'initlab step, batches gathered on the backend',
  layers: 'tfjs-layers `model.fit`',
};

/**
 * Replaces the part of the Markdown page between the bench markers with
 * the tables of `results`.
 */
export function writeReport(file: string, results: BenchResults): void {
  const page = readReportPage(file);
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  const body = renderResults(results);
  writeFileSync(file, `${page.slice(0, start + START.length)}\n\n${body}\n\n${page.slice(end)}`);
}

/**
 * Reads the Markdown page that {@link writeReport} updates. `pnpm bench`
 * calls it before measuring, so that a wrong `--doc` fails at once. Throws
 * when the page is not found, cannot be read or written, or lacks a marker.
 */
export function readReportPage(file: string): string {
  let page: string;
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
    page = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'not found' : `cannot be read and written (${code ?? String(error)})`;
    throw new Error(`--doc ${file}: ${problem}; pass an existing Markdown page, such as docs/benchmarks.md`);
  }
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`--doc ${file} must contain the lines ${START} and ${END}; add them where the results go`);
  }
  return page;
}

/** Renders every measured section as Markdown. */
export function renderResults(results: BenchResults): string {
  const parts = [renderHeader(results), renderTargets(results)];
  if (results.throughput) parts.push(renderThroughput(results.throughput, results));
  if (results.throughput) parts.push(renderMatMul(results.throughput));
  if (results.classic) parts.push(renderClassic(results.classic));
  if (results.memory) parts.push(renderMemory(results));
  if (results.profile) parts.push(renderProfile(results));
  if (results.evaluate) parts.push(renderEvaluate(results));
  if (results.browser) parts.push(renderBrowser(results.browser));
  parts.push(renderSkips(results));
  return parts.filter((part) => part !== '').join('\n\n');
}

function renderHeader(results: BenchResults): string {
  const { machine, settings } = results;
  const torch = results.throughput?.torchVersion;
  const mode =
    results.mode === 'quick'
      ? `quick mode: the end-to-end experiment ran ${settings.classicEpochs} epochs instead of 10`
      : `full mode: the end-to-end experiment ran ${settings.classicEpochs} epochs`;
  const load = [results.throughput?.loadAverage, results.classic?.loadAverage]
    .filter((entry) => entry !== undefined)
    .flatMap((entry) => [entry!.start[0], entry!.end[0]]);
  const seconds = results.finishedAt
    ? (Date.parse(results.finishedAt) - Date.parse(results.startedAt)) / 1000
    : NaN;
  return [
    `Measured with \`${results.command}\` (${mode}, ${plural(settings.rounds, 'round')}). ` +
      `The run started at ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC and took ` +
      `${formatDuration(seconds)}. ${describeCode(results)}`,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} logical cores ` +
      `(${machine.availableCores} available), ${formatMiB(machine.memoryBytes)} MiB of memory, ` +
      `${machine.platform}, Node ${machine.node}, ` +
      `tfjs-core ${machine.packages['@tensorflow/tfjs-core']}` +
      (torch ? `, PyTorch ${torch} (CPU)` : '') +
      '.' +
      (load.length > 0
        ? ` The 1-minute load average was between ${Math.min(...load)} and ${Math.max(...load)} ` +
          'at the start and end of the timed sections.'
        : ''),
  ].join('\n');
}

function describeCode(results: BenchResults): string {
  const { commit, changedFiles } = results.revision ?? { changedFiles: [] };
  if (!commit) return 'The code was not in a git checkout.';
  const measured = changedFiles.filter((file) => !file.startsWith('bench/'));
  if (measured.length === 0) {
    return `The packages and the CLI were at commit ${commit}, with no uncommitted changes.`;
  }
  return (
    `The packages and the CLI were at commit ${commit}, with uncommitted changes in ` +
    `${plural(measured.length, 'file')} (listed in the JSON file).`
  );
}

/** One target with the figure it is judged by. */
interface TargetRow {
  target: string;
  measured: string;
  met: boolean | undefined;
}

function renderTargets(results: BenchResults): string {
  const rows = [...stepTargets(results), ...classicTargets(results), ...memoryTargets(results)];
  if (rows.length === 0) return '';
  return [
    '### Targets',
    '',
    table(
      ['target', 'measured', 'met'],
      rows.map((row) => [row.target, row.measured, formatMet(row.met)]),
      'lll',
    ),
  ].join('\n');
}

function formatMet(met: boolean | undefined): string {
  if (met === undefined) return 'n/a';
  return met ? 'yes' : 'no';
}

function stepTargets(results: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const wasm = results.throughput?.backends.wasm;
  const fit = wasm?.trainers.fit;
  if (!wasm || !fit) return rows;

  const torch1 = results.throughput?.pytorch['1'];
  if (torch1) {
    const ratio = medianRatio(fit.perRound, torch1.perRound);
    rows.push({
      target: 'training step >= 3x PyTorch at the same thread count',
      measured: `${formatRatio(ratio)} (wasm, 1 thread, against PyTorch with 1 thread)`,
      met: ratio >= 3,
    });
  }
  if (wasm.trainers.layers) {
    const ratio = medianRatio(fit.perRound, wasm.trainers.layers.perRound);
    rows.push({
      target: 'training step >= 2x tfjs-layers `model.fit`',
      measured: `${formatRatio(ratio)} (wasm)`,
      met: ratio >= 2,
    });
  }
  const reused = stepFractionOfCeiling(fit.perRound, wasm.ceilingGflops);
  const fresh = wasm.newOperandCeilingGflops?.length
    ? stepFractionOfCeiling(fit.perRound, wasm.newOperandCeilingGflops)
    : undefined;
  // A training step multiplies by new operands each time, so the new-operand
  // ceiling decides the target when it was measured.
  rows.push({
    target: 'training step >= 60% of plain matMul GFLOP/s',
    measured:
      fresh === undefined
        ? `${formatPercent(reused)} (wasm)`
        : `${formatPercent(fresh)} with a new right operand per matMul, as in training; ` +
          `${formatPercent(reused)} with the same one reused (wasm)`,
    met: (fresh ?? reused) >= 0.6,
  });
  return rows;
}

function classicTargets(results: BenchResults): TargetRow[] {
  const classic = results.classic;
  const initlabRuns = classic?.runs[CLASSIC_CONFIGS.initlab];
  if (!classic || !initlabRuns) return [];

  const rows: TargetRow[] = [];
  const fastest = fastestTorch(classic);
  if (fastest) {
    const ratio = medianRatio(
      initlabRuns.map((run) => run.wallSeconds),
      fastest.runs.map((run) => run.wallSeconds),
    );
    rows.push({
      target: "classic experiment end to end <= 1/3 of PyTorch's wall time",
      measured: `${formatFixed(ratio, 2)} of ${fastest.name}`,
      met: ratio <= 1 / 3,
    });
  }
  const peak = median(initlabRuns.map((run) => run.peakRssBytes ?? NaN));
  rows.push({
    target: 'peak memory of the classic experiment < 1 GiB',
    measured: `${formatMiB(peak)} MiB`,
    met: Number.isFinite(peak) ? peak < 2 ** 30 : undefined,
  });
  return rows;
}

function memoryTargets(results: BenchResults): TargetRow[] {
  const memory = results.memory;
  if (!memory) return [];
  const counts = memory.epochs.map((epoch) => epoch.tensors);
  const constant = counts.every((count) => count === counts[0]);
  return [
    {
      target: 'no tensor growth from epoch to epoch',
      measured:
        `${counts.join(', ')} tensors after epochs 1 to ${counts.length}; ` +
        `${memory.tensorsBefore} before \`fit\` and ${memory.tensorsAfter} after`,
      met: constant && memory.tensorsAfter === memory.tensorsBefore,
    },
  ];
}

/** Returns sentences that compare the `fit` step's matMul rate with the matMul ceilings. */
function describeCeiling(backend: string, entry: BackendThroughput, fit: Throughput): string {
  const achieved = median(fit.perRound.map((samples) => (samples * MATMUL_FLOPS_PER_EXAMPLE) / 1e9));
  const megaflops = formatCount((MATMUL_FLOPS_PER_EXAMPLE * CLASSIC.batchSize) / 1e6);
  const reused =
    `The step's five plain matMuls run back to back at ${formatFixed(median(entry.ceilingGflops), 2)} ` +
    `GFLOP/s on ${backend} when each reuses its right operand`;
  const fresh = entry.newOperandCeilingGflops?.length ? entry.newOperandCeilingGflops : undefined;
  if (!fresh) {
    return (
      `${reused}. The \`fit\` step does their ${megaflops} MFLOP per batch at ` +
      `${formatFixed(achieved, 2)} GFLOP/s, ` +
      `${formatPercent(stepFractionOfCeiling(fit.perRound, entry.ceilingGflops))} of that ceiling.`
    );
  }
  return (
    `${reused}, and at ${formatFixed(median(fresh), 2)} GFLOP/s with a new right operand in ` +
    `every call. The \`fit\` step does their ${megaflops} MFLOP per batch at ` +
    `${formatFixed(achieved, 2)} GFLOP/s: ` +
    `${formatPercent(stepFractionOfCeiling(fit.perRound, fresh))} of the new-operand ceiling and ` +
    `${formatPercent(stepFractionOfCeiling(fit.perRound, entry.ceilingGflops))} of the reused-operand one.`
  );
}

/** Median over rounds of the step's matMul GFLOP/s over the ceiling. */
function stepFractionOfCeiling(samplesPerRound: number[], ceilingPerRound: number[]): number {
  const achieved = samplesPerRound.map((samples) => (samples * MATMUL_FLOPS_PER_EXAMPLE) / 1e9);
  return medianRatio(achieved, ceilingPerRound);
}

function fastestTorch(classic: ClassicResults) {
  const candidates = [CLASSIC_CONFIGS.torchThreads, CLASSIC_CONFIGS.torchProcesses]
    .filter((name) => classic.runs[name]?.length)
    .map((name) => ({ name, runs: classic.runs[name] }));
  const wall = (runs: { wallSeconds: number }[]) => median(runs.map((run) => run.wallSeconds));
  return candidates.sort((a, b) => wall(a.runs) - wall(b.runs))[0];
}

function renderThroughput(throughput: ThroughputResults, results: BenchResults): string {
  const { settings } = results;
  const torch1 = throughput.pytorch['1'];
  const rows: string[][] = [];
  for (const [backend, entry] of Object.entries(throughput.backends)) {
    const layers = entry.trainers.layers;
    for (const [name, trainer] of Object.entries(entry.trainers)) {
      rows.push([
        `${backend} (${entry.info.threads ?? '?'} thread)`,
        TRAINER_LABELS[name] ?? name,
        formatCount(median(trainer.samplesPerSecond)),
        torch1 ? formatRatio(medianRatio(trainer.perRound, torch1.perRound)) : 'n/a',
        layers ? formatRatio(medianRatio(trainer.perRound, layers.perRound)) : 'n/a',
      ]);
    }
  }
  for (const [threads, trainer] of Object.entries(throughput.pytorch)) {
    rows.push([
      `PyTorch CPU (${threads} thread${threads === '1' ? '' : 's'})`,
      '`bench/pytorch/step.py`',
      formatCount(median(trainer.samplesPerSecond)),
      torch1 ? formatRatio(medianRatio(trainer.perRound, torch1.perRound)) : 'n/a',
      'n/a',
    ]);
  }
  const layersError: string[] = [];
  for (const [backend, { layersUpdateError }] of Object.entries(throughput.backends)) {
    if (layersUpdateError !== undefined) {
      layersError.push(`${layersUpdateError.toExponential(1)} (${backend})`);
    }
  }
  const steps = Object.entries(settings.steps)
    .filter(([backend]) => throughput.backends[backend])
    .map(([backend, count]) => `${count} steps on ${backend}`)
    .join(' and ');
  return [
    '### Training step throughput',
    '',
    `Samples per second of the 784-128-10 ReLU MLP, SGD with learning rate ${CLASSIC.learningRate}, ` +
      `batch ${CLASSIC.batchSize}, on the first MNIST training images. In each round every trainer ` +
      `runs one untimed epoch, then ${plural(settings.stepEpochs, 'timed epoch')}, of ${steps}, ` +
      'and the trainers of a backend alternate in one process. The ratio columns are medians over ' +
      'rounds of the ratio within each round.',
    '',
    table(
      ['backend', 'trainer', 'samples/s', 'vs PyTorch, 1 thread', 'vs tfjs-layers'],
      rows,
      'llrrr',
    ),
    '',
    layersError.length > 0
      ? 'From the same weights on the same batch, the update of one SGD step of tfjs-layers ' +
        `differs from initlab's by at most ${layersError.join(' and ')} of the largest ` +
        'weight update, so both train the same network.'
      : '',
  ].join('\n');
}

function renderMatMul(throughput: ThroughputResults): string {
  const parts = ['### matMul ceiling', ''];
  for (const [backend, entry] of Object.entries(throughput.backends)) {
    const cases = entry.matmul[0].map((first, i) => ({
      ...first,
      gflops: median(entry.matmul.map((round) => round[i].gflops)),
    }));
    parts.push(
      table(
        [`${backend}: matMul`, 'shape', 'form', 'GFLOP/s'],
        cases.map((c) => [
          c.name,
          `[${c.m}, ${c.k}] x [${c.k}, ${c.n}]`,
          c.newOperand ? `${c.form}, new right operand` : c.form,
          formatFixed(c.gflops, 2),
        ]),
        'lllr',
      ),
    );
    const fit = entry.trainers.fit;
    if (fit) parts.push('', describeCeiling(backend, entry, fit));
    parts.push('');
  }
  return parts.join('\n').trimEnd();
}

function renderClassic(classic: ClassicResults): string {
  const initlab = classic.runs[CLASSIC_CONFIGS.initlab] ?? [];
  const rows = Object.entries(classic.runs).map(([name, runs]) => {
    const label =
      name === CLASSIC_CONFIGS.initlab
        ? `initlab compare (${classic.backend}, ${plural(classic.workers, 'worker')})`
        : name;
    const accuracy = classic.inits
      .map((init) => formatFixed(100 * median(runs.map((run) => run.finalAccuracy[init] ?? NaN)), 2))
      .join(' / ');
    const wall = (run: ClassicRun) => run.wallSeconds;
    const cpu = (run: ClassicRun) => run.cpuSeconds ?? NaN;
    const fraction = (figure: (run: ClassicRun) => number) =>
      name === CLASSIC_CONFIGS.initlab
        ? '1'
        : formatFixed(medianRatio(initlab.map(figure), runs.map(figure)), 2);
    return [
      label,
      formatFixed(median(runs.map(wall)), 1),
      fraction(wall),
      formatFixed(median(runs.map(cpu)), 1),
      fraction(cpu),
      formatMiB(median(runs.map((run) => run.peakRssBytes ?? NaN))),
      accuracy,
    ];
  });
  return [
    '### Classic experiment end to end',
    '',
    `${classic.inits.length} initializers x ${classic.epochs} epochs on the full MNIST, data loading and ` +
      'evaluation included, timed from process start to exit. CPU time (user plus system) and ' +
      'peak RSS come from GNU time, summed over the processes of a run. CPU time is less ' +
      'sensitive than wall time to other processes on the cores. The fraction columns are ' +
      "medians over rounds of initlab's figure over the row's figure in the same round.",
    '',
    table(
      [
        'run',
        'wall time (s)',
        'initlab / this, wall',
        'CPU time (s)',
        'initlab / this, CPU',
        'peak RSS (MiB)',
        `final test accuracy (%), ${classic.inits.join(' / ')}`,
      ],
      rows,
      'lrrrrrl',
    ),
  ].join('\n');
}

function renderMemory(results: BenchResults): string {
  const memory = results.memory!;
  const rows = memory.epochs.map((epoch) => [
    String(epoch.epoch),
    String(epoch.tensors),
    formatFixed(epoch.tensorBytes / 2 ** 20, 1),
    formatMiB(epoch.rssBytes),
  ]);
  return [
    '### Tensors per epoch',
    '',
    `\`fit\` on the full MNIST on ${memory.backend.name}, with evaluation on the test set after each epoch. ` +
      `Tensors before \`fit\`: ${memory.tensorsBefore}; after it returned: ${memory.tensorsAfter}.`,
    '',
    table(['after epoch', 'tensors', 'tensor MiB', 'process RSS (MiB)'], rows, 'rrrr'),
  ].join('\n');
}

function renderProfile(results: BenchResults): string {
  const parts = ['### Where a training step spends its time', ''];
  for (const profile of results.profile!) {
    const total = profile.phases.reduce((sum, phase) => sum + phase.seconds, 0);
    parts.push(
      table(
        [`${profile.backend.name}: phase`, 'ms per step', 'share'],
        profile.phases.map((phase) => [
          phase.phase,
          formatFixed(phase.seconds * 1000, 3),
          formatPercent(phase.seconds / total),
        ]),
        'lrr',
      ),
      '',
      table(
        [`${profile.backend.name}: kernel`, 'calls per step', 'ms per step'],
        profile.kernels
          .slice(0, 8)
          .map((kernel) => [kernel.name, formatFixed(kernel.callsPerStep, 0), formatFixed(kernel.secondsPerStep * 1000, 3)]),
        'lrr',
      ),
      '',
    );
  }
  parts.push(
    'Phases are medians over the profiled steps; kernels are totals from `tf.profile` over the ' +
      'same steps, divided by the step count.',
  );
  return parts.join('\n');
}

function renderEvaluate(results: BenchResults): string {
  const evaluation = results.evaluate!;
  const sourceLabels = {
    arrays: 'JavaScript arrays (as `fit` passes it)',
    tensors: 'tensors on the backend',
  };
  const rows = evaluation.runs.map((run) => [
    sourceLabels[run.source],
    formatCount(run.batchSize),
    formatFixed(median(run.seconds) * 1000, 0),
  ]);
  return [
    '### Evaluation',
    '',
    `\`evaluate\` of the ${formatCount(evaluation.count)} test images on ${evaluation.backend.name}, ` +
      'median over repeats. `fit` evaluates in batches of 2,000 by default.',
    '',
    table(['test set as', 'batch size', 'ms per evaluation'], rows, 'lrr'),
  ].join('\n');
}

function renderBrowser(browser: BrowserResults): string {
  const { node } = browser;
  const entries = Object.entries(browser.backends);
  const rows = entries.map(([backend, entry]) => {
    const measured = entry.status === 'measured';
    return [
      backend,
      describeBrowserBackend(entry.info),
      measured ? formatCount(median(entry.throughput.samplesPerSecond)) : describeBrowserFailure(entry),
      measured && node ? formatRatio(medianRatio(entry.throughput.perRound, node.throughput.perRound)) : 'n/a',
      measured ? formatFixed(median(entry.finalLoss), 4) : 'n/a',
    ];
  });
  if (node) {
    rows.push([
      'Node wasm `fit`',
      describeBrowserBackend({ name: 'wasm', threads: node.info.threads, simd: node.info.simd }),
      formatCount(median(node.throughput.samplesPerSecond)),
      '1.00x',
      'n/a',
    ]);
  }
  const steps = groupByValue(entries.map(([backend, entry]) => [backend, entry.steps]))
    .map(([count, backends]) => `${count} steps on ${joinWords(backends)}`)
    .join(', and ');
  const flags = browser.flags
    .filter((flag) => /angle|swiftshader|webgpu/.test(flag))
    .map((flag) => `\`${flag}\``);
  return [
    '### Browser',
    '',
    'Samples per second of the "initlab `fit`" trainer (the 784-128-10 ReLU MLP, SGD with ' +
      `learning rate ${CLASSIC.learningRate}, batch ${CLASSIC.batchSize}, the loss read after ` +
      `every step) in headless Chromium ${browser.browserVersion ?? '(version unknown)'} with ` +
      `${joinWords(flags)}. \`apps/web/dist/bench.html\` trains in a Web Worker on the tfjs ` +
      'backend named in its URL, with no fallback. Each round opens the page once per backend, ' +
      'each time in a fresh browser, then times the same trainer in Node on wasm with the wasm ' +
      `page's step count. The page trains ${browser.warmupSteps} untimed steps, then ` +
      `${plural(browser.timedEpochs, 'timed epoch')} of ${steps}. The ratio column is the ` +
      'median over rounds of the ratio within each round, and the final loss is the mean ' +
      'training loss of the last timed epoch.',
    '',
    table(['backend', 'renderer or threads', 'samples/s', 'vs Node wasm `fit`', 'final loss'], rows, 'llrrr'),
    '',
    describeBrowserChecks(browser),
  ]
    .join('\n')
    .trimEnd();
}

/** Describes a browser backend: its renderer and whether it is software, or its threads. */
function describeBrowserBackend(info: BrowserBackendInfo | undefined): string {
  if (!info) return 'n/a';
  if (info.renderer !== undefined) {
    const renderer = escapeCell(info.renderer || 'unknown renderer');
    return info.software ? `${renderer} (software, on the CPU)` : renderer;
  }
  if (info.threads === undefined) return 'n/a';
  const threads = plural(info.threads, 'thread');
  return info.simd === undefined ? threads : `${threads}, SIMD ${info.simd ? 'on' : 'off'}`;
}

function describeBrowserFailure(entry: BrowserBackendResult): string {
  const label = entry.status === 'unavailable' ? 'not available' : 'failed';
  return `${label}: ${escapeCell(entry.reason ?? 'no reason given')}`;
}

/**
 * States which GPU backends rendered in software, how far each final loss
 * is from wasm's after the same steps, and the load average.
 */
function describeBrowserChecks(browser: BrowserResults): string {
  const measured = Object.entries(browser.backends).filter(([, entry]) => entry.status === 'measured');
  const sentences: string[] = [];
  const software = measured.filter(([, entry]) => entry.info?.software);
  if (software.length > 0) {
    const backends = software.map(([backend]) => `\`${backend}\``);
    const renderers = [...new Set(software.map(([, entry]) => softwareRendererName(entry.info?.renderer)))];
    const single = software.length === 1;
    sentences.push(
      `${joinWords(backends)} ran on ${joinWords(renderers)}, which renders in software on the CPU, ` +
        `so ${single ? 'its figure shows' : 'their figures show'} that the ${joinWords(backends)} ` +
        `${single ? 'path trains' : 'paths train'} correctly, not how fast a GPU would train.`,
    );
  }
  const wasm = browser.backends.wasm;
  const differences = measured
    .filter(([backend, entry]) => backend !== 'wasm' && wasm && entry.steps === wasm.steps)
    .map(([backend, entry]) => {
      const reference = median(wasm.finalLoss);
      const difference = Math.abs(median(entry.finalLoss) - reference) / reference;
      return `${difference.toExponential(1)} (\`${backend}\`)`;
    });
  if (differences.length > 0) {
    sentences.push(
      'From the same weights, on the same batches and with the same steps, the final loss differs ' +
        `from wasm's by ${joinWords(differences)} of its value.`,
    );
  }
  const load = [...browser.loadAverage.start.slice(0, 1), ...browser.loadAverage.end.slice(0, 1)];
  if (load.length === 2) {
    sentences.push(`The 1-minute load average was ${load[0]} at the start of this section and ${load[1]} at its end.`);
  }
  return sentences.join(' ');
}

/** Names the software rasterizer in a renderer string, such as SwiftShader. */
function softwareRendererName(renderer: string | undefined): string {
  const names: Record<string, string> = {
    swiftshader: 'SwiftShader',
    llvmpipe: 'llvmpipe',
    lavapipe: 'lavapipe',
    softpipe: 'softpipe',
  };
  const match = /swiftshader|llvmpipe|lavapipe|softpipe/i.exec(renderer ?? '');
  return match ? names[match[0].toLowerCase()] : 'a software renderer';
}

/** Groups `[name, value]` pairs by value, in order of first appearance. */
function groupByValue(pairs: [string, number][]): [number, string[]][] {
  const groups = new Map<number, string[]>();
  for (const [name, value] of pairs) groups.set(value, [...(groups.get(value) ?? []), name]);
  return [...groups.entries()];
}

/** Joins words as "a", "a and b" or "a, b and c". */
function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Makes text safe for a Markdown table cell. */
function escapeCell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
}

function renderSkips(results: BenchResults): string {
  const lines = [
    ...results.skipped.map((skip) => `- Skipped ${skip.what}: ${skip.reason}.`),
    ...results.failures.map((failure) => `- The ${failure.what} section failed: ${failure.reason}`),
  ];
  return lines.length > 0 ? ['### Not measured', '', ...lines].join('\n') : '';
}

/** Formats a run's length in whole seconds below a minute, else in whole minutes. */
function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'an unknown time';
  if (seconds < 59.5) return plural(Math.round(seconds), 'second');
  return plural(Math.round(seconds / 60), 'minute');
}

/** Returns "1 round" or "3 rounds", or "rounds: n/a" when the count is not finite. */
function plural(count: number, noun: string): string {
  if (!Number.isFinite(count)) return `${noun}s: n/a`;
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
