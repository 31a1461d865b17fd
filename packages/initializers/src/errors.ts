/** Error codes of {@link InitializerError}, one per kind of invalid input. */
export type InitializerErrorCode =
  | 'UNKNOWN_INITIALIZER'
  | 'UNKNOWN_NONLINEARITY'
  | 'UNKNOWN_OPTION'
  | 'INVALID_OPTION'
  | 'INVALID_SHAPE'
  | 'INVALID_CONFIG'
  | 'INVALID_MODEL';

/**
 * The one error class of this package. `code` names the kind of invalid
 * input, and the message names the value and the valid choices.
 */
export class InitializerError extends Error {
  readonly code: InitializerErrorCode;

  constructor(
    code: InitializerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InitializerError';
    this.code = code;
  }
}
