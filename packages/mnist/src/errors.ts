/** Fault codes carried by {@link IdxError}. */
export type IdxErrorCode =
  | 'EMPTY'
  | 'BAD_MAGIC'
  | 'UNSUPPORTED_TYPE'
  | 'BAD_RANK'
  | 'TRUNCATED'
  | 'TRAILING_BYTES'
  | 'COUNT_MISMATCH'
  | 'BAD_LABEL'
  | 'BAD_IMAGE_SIZE'
  | 'BAD_GZIP'
  | 'NOT_FOUND'
  | 'READ_FAILED'
  | 'FETCH_FAILED'
  | 'INVALID_OPTION'
  | 'UNSUPPORTED_RUNTIME';

/**
 * The one error class of this package. `code` names the fault and `file`
 * the file or URL it was found in (undefined for anonymous bytes or a bad
 * option). The message starts with the file, names the fault and states
 * the fix.
 */
export class IdxError extends Error {
  readonly code: IdxErrorCode;
  readonly file: string | undefined;

  constructor(
    code: IdxErrorCode,
    file: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(file === undefined ? message : `${file}: ${message}`, options);
    this.name = 'IdxError';
    this.code = code;
    this.file = file;
  }
}
