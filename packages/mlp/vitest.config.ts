import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // tfjs-core's gradient registrations are only reachable as an
    // extensionless ESM deep import, which Node cannot load but Vite can, so
    // the autodiff oracle of the gradient tests loads tfjs-core through Vite.
    server: { deps: { inline: ['@tensorflow/tfjs-core'] } },
    testTimeout: 60_000,
  },
});
