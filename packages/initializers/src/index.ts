export { InitializerError } from './errors';
export type { InitializerErrorCode } from './errors';
export type { ConfigValue, Initializer, InitializerConfig } from './types';
export { computeFans } from './fans';
export type { FanOptions, Fans, WeightLayout } from './fans';
export { calculateGain } from './gain';
export { constant, ones, zeros } from './constant';
export type { ConstantOptions, DeterministicOptions } from './constant';
export { randomNormal, randomUniform, truncatedNormal } from './distributions';
export type {
  RandomNormalOptions,
  RandomUniformOptions,
  TruncatedNormalOptions,
} from './distributions';
export {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  varianceScaling,
} from './variance-scaling';
export type {
  FanMode,
  SeedOptions,
  VarianceDistribution,
  VarianceScalingOptions,
} from './variance-scaling';
export {
  kaimingNormal,
  kaimingUniform,
  torchLinearDefault,
  xavierNormal,
  xavierUniform,
} from './torch';
export type {
  KaimingOptions,
  TorchLinearDefaultOptions,
  XavierOptions,
} from './torch';
export { fromConfig, listInitializers, resolveInitializer } from './registry';
export { deltaOrthogonal, orthogonal } from './orthogonal';
export type { OrthogonalOptions } from './orthogonal';
export { dirac, identity } from './identity';
export type { DiracOptions, IdentityOptions } from './identity';
export { sparse } from './sparse';
export type { SparseOptions } from './sparse';
export { zerO } from './zero';
export { lsuv } from './lsuv';
export type {
  LsuvLayer,
  LsuvLayerReport,
  LsuvModel,
  LsuvOptions,
} from './lsuv';
export { erf } from './special';
