import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

const source = (path: string) =>
  fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // The examples import the package by name. The tests run them against
    // the sources, so no build is needed.
    alias: [
      { find: /^@initlab\/mnist\/node$/, replacement: source('node.ts') },
      { find: /^@initlab\/mnist$/, replacement: source('index.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
