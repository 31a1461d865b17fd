import { createHash } from 'node:crypto';

import type { Activation } from '@initlab/mlp';
import type { OptimizerName } from '@initlab/train';

/** The values a sweep tries for each dimension; it trains every combination. */
export interface SweepGrid {
  inits: string[];
  activations: Activation[];
  /** Architectures: the hidden layer widths of each. */
  hidden: number[][];
  optimizers: OptimizerName[];
  learningRates: number[];
  seeds: number[];
}

/** One combination of the grid: the settings of one run. */
export interface SweepPoint {
  /** Stable, filesystem-safe name of the run; see {@link runId}. */
  id: string;
  init: string;
  activation: Activation;
  hidden: number[];
  optimizer: OptimizerName;
  learningRate: number;
  seed: number;
}

/** Dimensions of a grid in the order the runs are listed and labelled. */
export const DIMENSIONS = [
  'init',
  'activation',
  'hidden',
  'optimizer',
  'learningRate',
  'seed',
] as const;

export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Lists every combination of the grid, seeds varying fastest and
 * initializers slowest, so that the seeds of one configuration are
 * neighbours.
 */
export function expandGrid(grid: SweepGrid): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (const init of grid.inits) {
    for (const activation of grid.activations) {
      for (const hidden of grid.hidden) {
        for (const optimizer of grid.optimizers) {
          for (const learningRate of grid.learningRates) {
            for (const seed of grid.seeds) {
              const settings = {
                init,
                activation,
                hidden,
                optimizer,
                learningRate,
                seed,
              };
              points.push({ id: runId(settings), ...settings });
            }
          }
        }
      }
    }
  }
  return points;
}

/**
 * Names a run after its settings, e.g. `he_relu_128_sgd_lr0.001_seed42_1f3a9c0e`.
 * Characters other than letters, digits, `.` and `-` become `-`, which can
 * make two settings read alike, so the last 8 hex digits are a SHA-256 of
 * the exact settings and keep names distinct.
 */
export function runId(settings: Omit<SweepPoint, 'id'>): string {
  const { init, activation, hidden, optimizer, learningRate, seed } = settings;
  const readable = [
    init,
    activation,
    hidden.join('x'),
    optimizer,
    `lr${learningRate}`,
    `seed${seed}`,
  ]
    .map((part) => part.replace(/[^A-Za-z0-9.-]+/g, '-'))
    .join('_');
  const exact = JSON.stringify([
    init,
    activation,
    hidden,
    optimizer,
    learningRate,
    seed,
  ]);
  const hash = createHash('sha256').update(exact).digest('hex').slice(0, 8);
  return `${readable}_${hash}`;
}

/** Dimensions with more than one value, `init` always included. */
export function varyingDimensions(grid: SweepGrid): Dimension[] {
  const counts: Record<Dimension, number> = {
    init: 2,
    activation: grid.activations.length,
    hidden: grid.hidden.length,
    optimizer: grid.optimizers.length,
    learningRate: grid.learningRates.length,
    seed: grid.seeds.length,
  };
  return DIMENSIONS.filter((dimension) => counts[dimension] > 1);
}

/** Formats one setting as it reads in labels and tables. */
export function formatSetting(
  dimension: Dimension,
  value: SweepPoint[Dimension] | undefined,
): string {
  if (dimension === 'hidden') return (value as number[]).join(',');
  return String(value);
}

/**
 * Labels a point by the settings of `dimensions`, e.g. `he tanh lr=0.01 seed=1`:
 * initializer, activation and optimizer names as they are, other settings
 * as key=value.
 */
export function pointLabel(
  point: Omit<SweepPoint, 'id' | 'seed'> & { seed?: number },
  dimensions: readonly Dimension[],
): string {
  const keys: Partial<Record<Dimension, string>> = {
    hidden: 'hidden',
    learningRate: 'lr',
    seed: 'seed',
  };
  return dimensions
    .map((dimension) => {
      const value = formatSetting(dimension, point[dimension]);
      const key = keys[dimension];
      return key ? `${key}=${value}` : value;
    })
    .join(' ');
}
