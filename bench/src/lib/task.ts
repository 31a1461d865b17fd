/** Prefix of the line on which a task prints its result as JSON. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/**
 * Runs a task's `main` and prints its result on one line that starts with
 * {@link RESULT_PREFIX}, so the parent can tell it from library output.
 *
 * On an error the task prints the message and exits with status 1 at once.
 * The wasm backend installs an `uncaughtException` handler that rethrows
 * and prints its whole Emscripten module, so errors must not reach it.
 */
export function runTask(main: () => Promise<unknown>): void {
  main().then(
    (result) => {
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`${message}\n`);
      process.exit(1);
    },
  );
}
