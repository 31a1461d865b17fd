export {
  ACTIVATIONS,
  DEFAULT_LEAKY_RELU_ALPHA,
  activate,
  activationDerivative,
  isActivation,
  type Activation,
} from './activations';
export { MlpError, type MlpErrorCode } from './errors';
export {
  Mlp,
  createMlp,
  type DenseLayer,
  type ForwardPass,
  type LossAndGradients,
  type MlpOptions,
} from './mlp';
export { deriveSeed } from './seed';
export {
  predictSignalPropagation,
  scalarActivation,
  type PropagationLayer,
  type PropagationPrediction,
} from './theory';
