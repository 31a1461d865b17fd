/** Codes of {@link MlpError}. */
export type MlpErrorCode = 'INVALID_OPTION';

/** Error thrown for invalid MLP options; the message names the value. */
export class MlpError extends Error {
  readonly code: MlpErrorCode;

  constructor(code: MlpErrorCode, message: string) {
    super(message);
    this.name = 'MlpError';
    this.code = code;
  }
}
