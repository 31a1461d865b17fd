import path from 'node:path';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { initlabVersion } from './environment';
import { UsageError } from './errors';
import { describeParseError } from './options';
import { createLogger } from './output';
import { renderReport } from './report/html';
import { loadReportInput } from './report/input';
import { checkOutputFile, writeTextAtomic } from './results';

export const REPORT_HELP = `Usage: initlab report PATH [options]

Writes one self-contained HTML file about the runs in PATH: a sweep folder
(the --out of initlab sweep), a sweep's results.json, or the --json file of
initlab compare. The page has test accuracy and loss per epoch with bands
over seeds, per-layer statistics across depth and over time for runs with
--stats, the confusion matrix of each final model, and the configuration
and environment. Its charts are inline SVG with buttons that save each as
SVG or PNG; the page loads nothing from the network.

Options:
  --out FILE     HTML file to write (default: PATH/report.html for a
                 folder, PATH with .html in place of .json for a file)
  --quiet        print no informational lines (default off)
  --debug        print the stack trace of an unexpected error (default off)
  -h, --help     show this help
`;

/** Runs `initlab report` with the arguments after the command name. */
export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOrThrow(argv);
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    const got = positionals.length === 0 ? 'none' : positionals.join(' ');
    throw new UsageError(
      `initlab report takes one PATH, a sweep folder or a compare --json file; got ${got}`,
    );
  }
  const [target] = positionals;
  const input = await loadReportInput(target);
  const out = values.out ?? (await defaultOutput(target));
  await checkOutputFile('--out', out);
  // Only an .html path, so that a typo cannot replace a results file.
  if (!/\.html?$/i.test(out)) {
    throw new UsageError(`--out must name an .html file; got ${out}`);
  }
  await writeTextAtomic(out, renderReport(input, initlabVersion()));
  createLogger(values.quiet ?? false).info(`report written to ${out}`);
  return 0;
}

async function defaultOutput(target: string): Promise<string> {
  if ((await stat(target)).isDirectory())
    return path.join(target, 'report.html');
  const parsed = path.parse(target);
  return path.join(parsed.dir, `${parsed.name}.html`);
}

function parseOrThrow(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        quiet: { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw describeParseError(error, 'report');
  }
}
