import { createRequire } from 'node:module';
import os from 'node:os';

import { version_core as tfjsVersion } from '@tensorflow/tfjs-core';

import type { BackendSelection } from './backend';

/** Software and machine that trained a set of runs. */
export interface Environment {
  initlab: string;
  node: string;
  tfjs: string;
  backend: { name: string; provider: string; gpu: boolean };
  /** Model name of the first CPU, as the OS reports it. */
  cpu: string;
  /** Logical cores available to the process. */
  cores: number;
  /** OS type, release and architecture, e.g. `Linux 6.1.0 x64`. */
  os: string;
}

/** Returns this initlab's version, from its package.json. */
export function initlabVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../package.json') as { version: string }).version;
}

/** Describes the current process, with the backend it selected. */
export function currentEnvironment(backend: BackendSelection): Environment {
  return {
    initlab: initlabVersion(),
    node: process.version,
    tfjs: tfjsVersion,
    backend: {
      name: backend.name,
      provider: backend.provider,
      gpu: backend.gpu,
    },
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}
