import * as tf from '@tensorflow/tfjs-core';

import { TrainError } from './errors';

/** Names accepted by {@link createOptimizer}. */
export const OPTIMIZERS = ['sgd', 'adam', 'rmsprop'] as const;

export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Options of {@link createOptimizer}. */
export interface OptimizerConfig {
  name: OptimizerName;
  /** Step size. Required, a positive finite number. */
  learningRate: number;
  /** SGD and RMSprop momentum; PyTorch's update rule. Default 0. */
  momentum?: number;
  /** Nesterov momentum for SGD. Default false. */
  nesterov?: boolean;
  /** Adam's first-moment decay. Default 0.9. */
  beta1?: number;
  /** Adam's second-moment decay. Default 0.999. */
  beta2?: number;
  /** Term added to denominators. Default 1e-8 for Adam, as in PyTorch. */
  epsilon?: number;
  /** RMSprop's decay of the squared-gradient average. Default 0.99. */
  rho?: number;
}

/**
 * Creates a tfjs-core optimizer from a plain config.
 *
 * SGD with momentum uses tfjs's `MomentumOptimizer`, whose update
 * `v = m v + g; w -= lr v` matches PyTorch's `SGD` with dampening 0.
 */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  const { name, learningRate } = config;
  requireFinite('learningRate', learningRate, { positive: true });
  const momentum = config.momentum ?? 0;
  requireFinite('momentum', momentum, { positive: false });

  switch (name) {
    case 'sgd':
      return momentum === 0
        ? tf.train.sgd(learningRate)
        : tf.train.momentum(learningRate, momentum, config.nesterov ?? false);
    case 'adam':
      return tf.train.adam(
        learningRate,
        unitInterval('beta1', config.beta1 ?? 0.9),
        unitInterval('beta2', config.beta2 ?? 0.999),
        positive('epsilon', config.epsilon ?? 1e-8),
      );
    case 'rmsprop':
      return tf.train.rmsprop(
        learningRate,
        unitInterval('rho', config.rho ?? 0.99),
        momentum,
        positive('epsilon', config.epsilon ?? 1e-8),
      );
    default:
      throw new TrainError(
        'INVALID_OPTION',
        `optimizer must be one of ${OPTIMIZERS.join(', ')}; got ${JSON.stringify(name)}`,
      );
  }
}

function requireFinite(
  name: string,
  value: number,
  { positive }: { positive: boolean },
): void {
  const valid = Number.isFinite(value) && (positive ? value > 0 : value >= 0);
  if (!valid) {
    const rule = positive ? 'a positive finite number' : 'a finite number >= 0';
    throw new TrainError('INVALID_OPTION', `${name} must be ${rule}; got ${value}`);
  }
}

function positive(name: string, value: number): number {
  requireFinite(name, value, { positive: true });
  return value;
}

function unitInterval(name: string, value: number): number {
  if (!(value >= 0 && value < 1)) {
    throw new TrainError('INVALID_OPTION', `${name} must be in [0, 1); got ${value}`);
  }
  return value;
}
