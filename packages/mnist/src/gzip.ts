import { IdxError } from './errors';
import { isGzip } from './idx';
import { readStream } from './streams';

/**
 * Decompresses gzip data with the web `DecompressionStream`, which Node 18+
 * and current browsers provide.
 *
 * @param file - the file name or URL to put in error messages
 * @throws IdxError with code BAD_GZIP when the data is not gzip or is
 *   corrupt or cut short, and UNSUPPORTED_RUNTIME when the runtime has no
 *   `DecompressionStream`
 */
export async function gunzip(
  bytes: Uint8Array,
  file?: string,
): Promise<Uint8Array> {
  checkGzipMagic(bytes, file);
  if (typeof DecompressionStream === 'undefined') {
    throw new IdxError(
      'UNSUPPORTED_RUNTIME',
      file,
      'cannot gunzip: this runtime has no DecompressionStream. Use Node 18 ' +
        'or later or a current browser, or serve the files uncompressed.',
    );
  }

  try {
    const compressed = new Blob([bytes]).stream();
    return await readStream(
      compressed.pipeThrough(new DecompressionStream('gzip')),
    );
  } catch (cause) {
    throw gzipError(file, cause);
  }
}

/** Throws IdxError BAD_GZIP unless `bytes` starts with the gzip magic. */
export function checkGzipMagic(bytes: Uint8Array, file: string | undefined) {
  if (isGzip(bytes)) return;

  const start = Array.from(bytes.subarray(0, 4), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join(' ');
  throw new IdxError(
    'BAD_GZIP',
    file,
    `not gzip data: it starts with ${start || 'nothing'} instead of 1f 8b. ` +
      'Read it as an uncompressed IDX file instead.',
  );
}

/** Wraps a decompression failure in IdxError BAD_GZIP. */
export function gzipError(file: string | undefined, cause: unknown): IdxError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new IdxError(
    'BAD_GZIP',
    file,
    `corrupt gzip data (${reason}): the file was cut short or damaged, so ` +
      'download it again.',
    { cause },
  );
}
