export { TrainError, type TrainErrorCode } from './errors';
export {
  gatherBatch,
  sliceBatch,
  toDevice,
  validateDataset,
  type Dataset,
  type DeviceDataset,
} from './data';
export { confusionMatrix } from './confusion';
export { evaluate, type Evaluation } from './evaluate';
export {
  fit,
  type BatchProgress,
  type Callbacks,
  type EpochResult,
  type FitOptions,
  type History,
} from './fit';
export type { ClassifierModel, TrainableModel } from './model';
export {
  OPTIMIZERS,
  createOptimizer,
  type OptimizerConfig,
  type OptimizerName,
} from './optimizers';
export { Rng, shuffleInPlace, type RngState } from './rng';
export type { TensorSnapshot, TrainCheckpoint } from './checkpoint';
export {
  computeLayerStats,
  isInspectable,
  setUpdateRatios,
  unitSymmetry,
  type InspectableLayer,
  type InspectableModel,
  type LayerStats,
  type StatsSnapshot,
} from './stats';
export {
  VERDICT_THRESHOLDS,
  diagnose,
  type Problem,
  type ProblemKind,
  type Verdict,
} from './verdict';
