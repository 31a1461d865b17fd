import { IdxError } from './errors';
import {
  MNIST_FILE_KEYS,
  MNIST_FILE_NAMES,
  type MnistFileNames,
} from './files';
import { gunzip } from './gzip';
import { isGzip, parseIdx } from './idx';
import {
  toMnistData,
  validateDataSetOptions,
  type MnistData,
  type Normalization,
} from './mnist';
import { readStream } from './streams';

/** Options of {@link fetchMnist}. */
export interface FetchMnistOptions {
  /** Pixel transform. Default: 'standardize'. */
  normalization?: Normalization;
  /** Number of training images to keep, from the first. Default: all. */
  trainLimit?: number;
  /** Number of test images to keep, from the first. Default: all. */
  testLimit?: number;
  /** Required [rows, cols] of the images, such as [28, 28]. Default: any. */
  requireSize?: [number, number];
  /** Whether to append '.gz' to each default file name. Default: false. */
  gzip?: boolean;
  /** File names relative to `baseUrl`, in place of the defaults. */
  files?: Partial<MnistFileNames>;
  /** The fetch function to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Callback run as bytes arrive, with the bytes received so far over all four
   * files and their total size, or undefined when the server does not send
   * every Content-Length.
   */
  onProgress?: (loadedBytes: number, totalBytes: number | undefined) => void;
}

/**
 * Downloads the four files of an MNIST-layout data set from `baseUrl` and
 * converts them to float splits. Each file may be plain or gzip-compressed:
 * the loader gunzips any body that starts with the gzip magic number. The
 * four requests run in parallel, and a failed one aborts the others.
 *
 * @param baseUrl - URL of the folder with the files. The fetch function
 *   resolves a relative URL, and a browser resolves it against the page.
 * @throws IdxError: NOT_FOUND for HTTP 404, FETCH_FAILED for other
 *   request failures, or any code of {@link parseIdx}, {@link gunzip} and
 *   {@link toSplit}
 */
export async function fetchMnist(
  baseUrl: string,
  options: FetchMnistOptions = {},
): Promise<MnistData> {
  validateDataSetOptions(options);
  const urls = fileUrls(baseUrl, options);

  const bodies = await download(urls, options);
  const arrays = await Promise.all(
    bodies.map(async (body, i) => {
      const bytes = isGzip(body) ? await gunzip(body, urls[i]) : body;
      return parseIdx(bytes, urls[i]);
    }),
  );

  return toMnistData(arrays, urls, options);
}

function fileUrls(baseUrl: string, options: FetchMnistOptions): string[] {
  const suffix = options.gzip ? '.gz' : '';
  const prefix =
    baseUrl === '' || baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return MNIST_FILE_KEYS.map((key) => {
    const name = options.files?.[key] ?? MNIST_FILE_NAMES[key] + suffix;
    return prefix + name;
  });
}

async function download(
  urls: string[],
  options: FetchMnistOptions,
): Promise<Uint8Array[]> {
  const fetchFunction = options.fetch ?? globalThis.fetch;
  if (typeof fetchFunction !== 'function') {
    throw new IdxError(
      'UNSUPPORTED_RUNTIME',
      undefined,
      'cannot download: this runtime has no global fetch. Pass options.fetch.',
    );
  }

  const controller = new AbortController();
  try {
    const responses = await Promise.all(
      urls.map((url) => request(fetchFunction, url, controller.signal)),
    );
    return await readBodies(responses, urls, options.onProgress);
  } catch (error) {
    controller.abort();
    throw error;
  }
}

async function request(
  fetchFunction: typeof fetch,
  url: string,
  signal: AbortSignal,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFunction(url, { signal });
  } catch (cause) {
    throw new IdxError(
      'FETCH_FAILED',
      url,
      `request failed (${describeError(cause)}). Check the URL and that ` +
        'the server is reachable.',
      { cause },
    );
  }
  if (response.ok) return response;

  if (response.status === 404) {
    throw new IdxError(
      'NOT_FOUND',
      url,
      'not found (HTTP 404). Check baseUrl and the file names, and set ' +
        'gzip or files when the server uses other names.',
    );
  }
  throw new IdxError(
    'FETCH_FAILED',
    url,
    `request failed with HTTP ${response.status} ${response.statusText}. ` +
      'Check that the server serves the MNIST files at this URL.',
  );
}

async function readBodies(
  responses: Response[],
  urls: string[],
  onProgress: FetchMnistOptions['onProgress'],
): Promise<Uint8Array[]> {
  const total = totalLength(responses);
  let loaded = 0;
  // An error thrown by onProgress is the caller's own, so it is rethrown
  // as is instead of being reported as a failed download.
  let progressError: unknown;
  const report = (length: number) => {
    loaded += length;
    try {
      onProgress?.(loaded, total);
    } catch (error) {
      progressError = error;
      throw error;
    }
  };

  report(0);
  return Promise.all(
    responses.map(async (response, i) => {
      try {
        return await readBody(response, report);
      } catch (cause) {
        if (cause === progressError) throw cause;
        throw new IdxError(
          'FETCH_FAILED',
          urls[i],
          `download failed (${describeError(cause)}). Check the connection ` +
            'and try again.',
          { cause },
        );
      }
    }),
  );
}

async function readBody(
  response: Response,
  report: (length: number) => void,
): Promise<Uint8Array> {
  if (response.body === null) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.length);
    return bytes;
  }
  return readStream(response.body, report);
}

/**
 * Returns the sum of the Content-Length headers, or undefined when one is
 * missing or a body is content-encoded, because then the header counts the
 * encoded bytes while the body stream yields decoded ones.
 */
function totalLength(responses: Response[]): number | undefined {
  let total = 0;
  for (const response of responses) {
    const length = response.headers.get('content-length');
    const encoding = response.headers.get('content-encoding');
    if (length === null) return undefined;
    if (encoding !== null && encoding !== 'identity') return undefined;
    total += Number(length);
  }
  // NOTE: a cross-origin server that does not expose Content-Encoding can
  // make the total smaller than the bytes received.
  return Number.isFinite(total) ? total : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
