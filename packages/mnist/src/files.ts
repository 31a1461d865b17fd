/** Names of the four files of an MNIST-layout data set. */
export interface MnistFileNames {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/** The names of the original MNIST files, uncompressed. */
export const MNIST_FILE_NAMES: Readonly<MnistFileNames> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

export const MNIST_FILE_KEYS = [
  'trainImages',
  'trainLabels',
  'testImages',
  'testLabels',
] as const;
