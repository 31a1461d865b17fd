import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Whether the tests run in CI, where a missing optional tool fails them. */
export const IN_CI = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/** Path of the built CLI; tests run what users run. */
export const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running CLI process and the output it has written so far. */
export interface RunningCli {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  /** Resolves when the process exits. */
  result: Promise<CliResult>;
  /** Resolves when stderr matches `pattern`. */
  waitForStderr(pattern: RegExp): Promise<void>;
}

/** Starts the built CLI with `args` in `cwd`. */
export function startCli(args: string[], cwd?: string): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk) => (output.stdout += chunk));
  child.stderr!.on('data', (chunk) => {
    output.stderr += chunk;
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(output.stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, ...output }));
  });
  const waitForStderr = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      if (pattern.test(output.stderr)) return resolve();
      waiters.push({ pattern, resolve });
      result.then(() => reject(new Error(`exited before stderr matched ${pattern}:\n${output.stderr}`)));
    });
  return { child, output, result, waitForStderr };
}

/** Runs the built CLI with `args` and collects its output. */
export function runCli(args: string[], cwd?: string): Promise<CliResult> {
  return startCli(args, cwd).result;
}
