import type { Comparison } from './compare';
import type { Logger } from './output';

/** Exit codes of a command stopped by a signal: 128 + the signal number. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * Waits for the comparison to end. The first SIGINT or SIGTERM stops every
 * run after its current step. A second one exits at once, which loses only
 * the steps since the last checkpoint, because every file is written
 * atomically.
 */
export async function untilDoneOrSignal(
  comparison: Comparison,
  log: Logger,
): Promise<StopSignal | undefined> {
  let stoppedBy: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    if (stoppedBy) process.exit(SIGNAL_EXIT_CODES[signal]);
    stoppedBy = signal;
    log.warn(
      `${signal}: stopping after the current step (send it again to exit at once)`,
    );
    comparison.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await comparison.done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return stoppedBy;
}
