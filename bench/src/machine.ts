import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

/** The machine and software a run measured, as recorded in the results. */
export interface Machine {
  /** First `model name` of /proc/cpuinfo, or Node's CPU model elsewhere. */
  cpuModel: string;
  /** Logical cores. */
  cores: number;
  /** Cores this process may use (cgroup and affinity limits applied). */
  availableCores: number;
  memoryBytes: number;
  platform: string;
  node: string;
  packages: Record<string, string>;
}

const require = createRequire(import.meta.url);

const PACKAGES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
];

/** Describes this machine: CPU model, cores, memory, Node and tfjs versions. */
export function describeMachine(): Machine {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    packages[name] = (require(`${name}/package.json`) as { version: string }).version;
  }
  return {
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    availableCores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    packages,
  };
}

function cpuModel(): string {
  try {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    const line = cpuinfo.split('\n').find((text) => text.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/** Load averages over 1, 5 and 15 minutes, to show other work on the machine. */
export function loadAverage(): number[] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}

/** The code a run measured. */
export interface Revision {
  /** Commit of HEAD, or undefined outside a git checkout. */
  commit?: string;
  /** Files of packages/, apps/ and bench/ that differ from HEAD. */
  changedFiles: string[];
}

/** Returns the commit checked out in `root` and the measured files that differ from it. */
export function describeRevision(root: string): Revision {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const commit = git(['rev-parse', '--short', 'HEAD']).trim();
    const status = git(['status', '--porcelain', '--', 'packages', 'apps', 'bench']);
    const changedFiles = status
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.slice(3));
    return { commit, changedFiles };
  } catch {
    return { changedFiles: [] };
  }
}
