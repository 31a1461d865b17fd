import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

const source = (file: string) =>
  fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Exact matches, because a string alias would also rewrite the
    // '@initlab/initializers/layers' subpath as a path under index.ts.
    alias: [
      { find: /^@initlab\/initializers$/, replacement: source('index.ts') },
      {
        find: /^@initlab\/initializers\/layers$/,
        replacement: source('layers.ts'),
      },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 20000,
  },
});
