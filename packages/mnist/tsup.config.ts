import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Both entries share one chunk in both formats, so an IdxError thrown by
  // the ./node entry is an instance of the class exported by the main entry.
  splitting: true,
  removeNodeProtocol: false,
  esbuildOptions(options, { format }) {
    // createRequire in src/node.ts takes import.meta.url, which CommonJS
    // lacks. __filename works there too, and unlike tsup's shims it stays
    // out of the chunk shared with the browser entry.
    if (format === 'cjs') options.define = { 'import.meta.url': '__filename' };
  },
});
