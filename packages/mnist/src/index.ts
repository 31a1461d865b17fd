export { IdxError, type IdxErrorCode } from './errors';
export {
  isGzip,
  parseIdx,
  type IdxArray,
  type IdxData,
  type IdxDtype,
} from './idx';
export { gunzip } from './gzip';
export {
  MNIST_MEAN,
  MNIST_STD,
  toSplit,
  type MnistData,
  type MnistSplit,
  type Normalization,
  type ToSplitOptions,
} from './mnist';
export { MNIST_FILE_NAMES, type MnistFileNames } from './files';
export { fetchMnist, type FetchMnistOptions } from './fetch';
