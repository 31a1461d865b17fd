import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { RESULT_PREFIX } from './task';

/** Exit status, output and wall time of a finished command. */
export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
}

/** Runs a command to completion and returns its output and wall time. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        stdout,
        stderr,
        wallSeconds: (performance.now() - started) / 1000,
      }),
    );
  });
}

const TSX_LOADER = import.meta.resolve('tsx');

/**
 * Runs `bench/src/tasks/<name>.ts` in a fresh Node process under tsx and
 * returns the JSON result it prints. A fresh process per measurement keeps
 * one benchmark's heap, JIT state and backend out of the next.
 */
export async function runTaskProcess<T>(
  name: string,
  args: readonly string[],
  timeoutMs = 600_000,
): Promise<T> {
  const script = fileURLToPath(new URL(`../tasks/${name}.ts`, import.meta.url));
  const result = await runCommand(
    process.execPath,
    ['--import', TSX_LOADER, script, ...args],
    { timeoutMs },
  );
  const line = result.stdout
    .split('\n')
    .reverse()
    .find((text) => text.startsWith(RESULT_PREFIX));
  if (result.code !== 0 || line === undefined) {
    throw new Error(
      `task ${name} ${args.join(' ')} failed (${describeExit(result)}): ${tail(result.stderr)}`,
    );
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}

/** Returns "exit status N" or "signal S" for a finished command. */
export function describeExit(result: CommandResult): string {
  return result.signal ? `signal ${result.signal}` : `exit status ${result.code}`;
}

/** Returns the last `length` characters of `text`, trimmed. */
export function tail(text: string, length = 1500): string {
  const trimmed = text.trim();
  return trimmed.length <= length ? trimmed : `...${trimmed.slice(-length)}`;
}
