import type { BackendSelection } from './backend';

/** Writes the CLI's messages to stderr; stdout carries only results. */
export interface Logger {
  /** Informational line, left out under `--quiet`. */
  info(message: string): void;
  /** Line that is always written: a warning or how to continue. */
  warn(message: string): void;
}

export function createLogger(quiet: boolean): Logger {
  const write = (message: string) => process.stderr.write(`${message}\n`);
  return { info: quiet ? () => undefined : write, warn: write };
}

/** Logs the selected backend and, with `verbose`, why earlier ones were skipped. */
export function reportBackend(
  log: Logger,
  backend: BackendSelection,
  verbose: boolean,
): void {
  const device = backend.gpu ? 'GPU' : 'CPU';
  log.info(`backend: ${backend.name} (${backend.provider}, ${device})`);
  if (verbose) {
    for (const skipped of backend.skipped) {
      log.info(`skipped ${skipped.provider}: ${skipped.reason}`);
    }
  }
}
