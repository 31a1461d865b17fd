import { IdxError } from './errors';

/** Element type of an IDX file, named after its typed array. */
export type IdxDtype =
  | 'uint8'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'float32'
  | 'float64';

/** Typed array that contains the elements of an IDX file. */
export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** The contents of an IDX file: its dimensions and its elements. */
export interface IdxArray {
  /** Size of each dimension, outermost first (60000, 28, 28 for images). */
  dims: number[];
  /** Element type, from the third byte of the magic number. */
  dtype: IdxDtype;
  /**
   * Elements in row-major order, converted from big-endian to the host's
   * byte order. Its length is the product of `dims`.
   */
  data: IdxData;
}

interface DtypeInfo {
  dtype: IdxDtype;
  size: number;
  create: (buffer: ArrayBuffer) => IdxData;
}

// Type codes from the IDX format description on
// http://yann.lecun.com/exdb/mnist/.
const DTYPES = new Map<number, DtypeInfo>([
  [0x08, { dtype: 'uint8', size: 1, create: (b) => new Uint8Array(b) }],
  [0x09, { dtype: 'int8', size: 1, create: (b) => new Int8Array(b) }],
  [0x0b, { dtype: 'int16', size: 2, create: (b) => new Int16Array(b) }],
  [0x0c, { dtype: 'int32', size: 4, create: (b) => new Int32Array(b) }],
  [0x0d, { dtype: 'float32', size: 4, create: (b) => new Float32Array(b) }],
  [0x0e, { dtype: 'float64', size: 8, create: (b) => new Float64Array(b) }],
]);

const VALID_CODES =
  '0x08 (uint8), 0x09 (int8), 0x0b (int16), 0x0c (int32), 0x0d (float32) ' +
  'and 0x0e (float64)';

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const DOWNLOAD_AGAIN = 'The file is incomplete, so download it again.';

/**
 * Returns whether `bytes` starts with the gzip magic number 1f 8b, which
 * an IDX file never does because it starts with 00 00.
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an IDX file: 2 zero bytes, a type code, the number of dimensions,
 * one big-endian uint32 per dimension, then the elements in big-endian
 * row-major order.
 *
 * The data must have exactly the length the header declares. The elements
 * are copied, so the result never shares memory with `bytes`.
 *
 * @param bytes - the whole file, already gunzipped (see {@link gunzip})
 * @param file - the file name or URL to put in error messages
 * @throws IdxError with code EMPTY, BAD_MAGIC, UNSUPPORTED_TYPE, BAD_RANK,
 *   TRUNCATED or TRAILING_BYTES
 */
export function parseIdx(bytes: Uint8Array, file?: string): IdxArray {
  const { info, dims, headerLength } = parseHeader(bytes, file);

  const body = bytes.subarray(headerLength);
  checkDataLength(dims, info, body.length, file);

  const data = info.create(copyBigEndian(body, info.size));
  return { dims, dtype: info.dtype, data };
}

function parseHeader(bytes: Uint8Array, file: string | undefined) {
  checkLength(bytes.length, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkMagic(bytes, view.getUint32(0), file);

  const info = lookupDtype(bytes[2], file);
  const rank = bytes[3];
  const headerLength = 4 + 4 * rank;
  checkHeaderLength(rank, headerLength, bytes.length, file);

  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));
  return { info, dims, headerLength };
}

function checkLength(length: number, file: string | undefined) {
  if (length === 0) {
    throw new IdxError(
      'EMPTY',
      file,
      `empty file: it contains 0 bytes. ${DOWNLOAD_AGAIN}`,
    );
  }
  if (length < 4) {
    throw new IdxError(
      'TRUNCATED',
      file,
      `truncated header: an IDX header needs at least 4 bytes but the ` +
        `file has ${length}. ${DOWNLOAD_AGAIN}`,
    );
  }
}

function lookupDtype(code: number, file: string | undefined): DtypeInfo {
  const info = DTYPES.get(code);
  if (info !== undefined) return info;

  throw new IdxError(
    'UNSUPPORTED_TYPE',
    file,
    `unsupported type code ${hexByte(code)}: valid codes are ` +
      `${VALID_CODES}. The file is damaged or is not an IDX file.`,
  );
}

function checkMagic(
  bytes: Uint8Array,
  magic: number,
  file: string | undefined,
) {
  if (bytes[0] === 0 && bytes[1] === 0) return;

  let hint =
    'This is not an IDX file. Check that the path points to an IDX file ' +
    'such as train-images-idx3-ubyte.';
  if (isGzip(bytes)) {
    hint =
      'The data is gzip-compressed, so gunzip it first (readIdxFile, ' +
      'loadMnist and fetchMnist do this).';
  } else if (bytes[2] === 0 && bytes[3] === 0 && DTYPES.has(bytes[1])) {
    hint =
      'The magic number looks byte-swapped, but IDX headers are ' +
      'big-endian, so rewrite the file with a big-endian header.';
  }
  throw new IdxError(
    'BAD_MAGIC',
    file,
    `invalid magic number 0x${magic.toString(16).padStart(8, '0')}: an IDX ` +
      `file starts with two zero bytes. ${hint}`,
  );
}

function checkHeaderLength(
  rank: number,
  headerLength: number,
  available: number,
  file: string | undefined,
) {
  if (rank === 0) {
    throw new IdxError(
      'BAD_RANK',
      file,
      'invalid number of dimensions 0: an IDX file has at least 1. ' +
        'The file is damaged or is not an IDX file.',
    );
  }
  if (available < headerLength) {
    throw new IdxError(
      'TRUNCATED',
      file,
      `truncated header: ${rank} dimensions need a ${headerLength}-byte ` +
        `header but the file has ${available} bytes. ${DOWNLOAD_AGAIN}`,
    );
  }
}

function checkDataLength(
  dims: number[],
  info: DtypeInfo,
  available: number,
  file: string | undefined,
) {
  // BigInt keeps the product exact: 255 dimensions of up to 2^32 - 1 each
  // overflow a double.
  let count = 1n;
  for (const dim of dims) count *= BigInt(dim);
  const expected = count * BigInt(info.size);
  if (expected === BigInt(available)) return;

  const declared =
    `the header declares ${dims.join('x')} ${info.dtype} values = ` +
    `${expected} bytes of data`;
  if (expected > BigInt(available)) {
    throw new IdxError(
      'TRUNCATED',
      file,
      `truncated: ${declared} but ${available} remain. ${DOWNLOAD_AGAIN}`,
    );
  }
  const extra = BigInt(available) - expected;
  throw new IdxError(
    'TRAILING_BYTES',
    file,
    `trailing bytes: ${declared} but ${available} remain, ${extra} more ` +
      'than declared. The file is damaged or its header is wrong, so ' +
      'download it again.',
  );
}

/** Copies big-endian elements of `size` bytes into host byte order. */
function copyBigEndian(body: Uint8Array, size: number): ArrayBuffer {
  const out = new Uint8Array(body.length);
  if (size === 1 || !LITTLE_ENDIAN_HOST) {
    out.set(body);
    return out.buffer;
  }
  for (let i = 0; i < body.length; i += size) {
    for (let j = 0; j < size; j++) out[i + j] = body[i + size - 1 - j];
  }
  return out.buffer;
}

function hexByte(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}
