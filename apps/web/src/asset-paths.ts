/** Folder of the site that contains the gzip-compressed MNIST files. */
export const MNIST_DIR = 'mnist';

/** Folder of the site that contains the wasm binaries of tfjs. */
export const WASM_DIR = 'tfjs-wasm';
