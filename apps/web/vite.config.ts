import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

import { SECURITY_HEADERS } from './build/csp';
import { siteAssets } from './build/site-assets';

export default defineConfig({
  // Relative URLs, so the built site works from any folder of a server.
  base: './',
  plugins: [siteAssets()],
  worker: {
    // Module workers allow code splitting, so each tfjs backend is loaded
    // only when it is tried.
    format: 'es',
  },
  build: {
    target: 'es2022',
    // No asset becomes a data: URL, which the Content Security Policy
    // would block.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // The demo, and the training-step benchmark that `pnpm bench` opens.
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        bench: fileURLToPath(new URL('./bench.html', import.meta.url)),
      },
    },
  },
  preview: {
    headers: { ...SECURITY_HEADERS },
  },
});
