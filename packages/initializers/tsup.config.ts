import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/layers.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // The layers entry imports the root entry by the package's own name, so
  // both entries share one InitializerError class and one registry.
  external: ['@initlab/initializers'],
});
