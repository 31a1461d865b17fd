/**
 * Invalid command-line usage. The CLI prints its message on one line and
 * exits with code 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
