/** Codes of {@link TrainError}. */
export type TrainErrorCode = 'INVALID_OPTION' | 'INVALID_DATA' | 'INVALID_CHECKPOINT';

/** Error thrown for invalid training options or data; names the value. */
export class TrainError extends Error {
  readonly code: TrainErrorCode;

  constructor(code: TrainErrorCode, message: string) {
    super(message);
    this.name = 'TrainError';
    this.code = code;
  }
}
