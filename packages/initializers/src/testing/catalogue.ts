import * as initializers from '../index';
import type { Initializer } from '../types';

/** One public factory with options and a shape it supports. */
export interface CatalogueEntry {
  /** Exported factory name, equal to the registry name. */
  factory: string;
  create: (seed?: number) => Initializer;
  shape: number[];
  /** Same shape with a zero-size dimension. */
  emptyShape: number[];
  /** False for initializers without randomness. */
  random: boolean;
}

const I = initializers;

/** Every public factory, for the tests that all initializers must pass. */
export const CATALOGUE: CatalogueEntry[] = [
  {
    factory: 'zeros',
    create: () => I.zeros(),
    shape: [4, 3],
    emptyShape: [0, 3],
    random: false,
  },
  {
    factory: 'ones',
    create: () => I.ones(),
    shape: [4, 3],
    emptyShape: [4, 0],
    random: false,
  },
  {
    factory: 'constant',
    create: () => I.constant({ value: 0.5 }),
    shape: [2, 3, 4],
    emptyShape: [2, 0, 4],
    random: false,
  },
  {
    factory: 'randomNormal',
    create: (seed) => I.randomNormal({ mean: 1, stddev: 0.5, seed }),
    shape: [16, 8],
    emptyShape: [0, 8],
    random: true,
  },
  {
    factory: 'randomUniform',
    create: (seed) => I.randomUniform({ minval: 0, maxval: 2, seed }),
    shape: [16, 8],
    emptyShape: [0],
    random: true,
  },
  {
    factory: 'truncatedNormal',
    create: (seed) => I.truncatedNormal({ stddev: 0.2, bound: 1.5, seed }),
    shape: [16, 8],
    emptyShape: [16, 0],
    random: true,
  },
  {
    factory: 'varianceScaling',
    create: (seed) =>
      I.varianceScaling({
        scale: 2,
        mode: 'fanAvg',
        distribution: 'uniform',
        seed,
      }),
    shape: [3, 3, 4, 8],
    emptyShape: [3, 3, 0, 8],
    random: true,
  },
  ...(
    [
      'glorotNormal',
      'glorotUniform',
      'heNormal',
      'heUniform',
      'lecunNormal',
      'lecunUniform',
    ] as const
  ).map(
    (factory): CatalogueEntry => ({
      factory,
      create: (seed) => I[factory]({ seed }),
      shape: [16, 8],
      emptyShape: [0, 8],
      random: true,
    }),
  ),
  {
    factory: 'xavierNormal',
    create: (seed) => I.xavierNormal({ gain: 2, seed }),
    shape: [16, 8],
    emptyShape: [0, 8],
    random: true,
  },
  {
    factory: 'xavierUniform',
    create: (seed) => I.xavierUniform({ gain: 0.5, seed }),
    shape: [3, 16, 8],
    emptyShape: [3, 0, 8],
    random: true,
  },
  {
    factory: 'kaimingNormal',
    create: (seed) =>
      I.kaimingNormal({ mode: 'fanOut', nonlinearity: 'relu', seed }),
    shape: [16, 8],
    emptyShape: [0, 8],
    random: true,
  },
  {
    factory: 'kaimingUniform',
    create: (seed) => I.kaimingUniform({ a: 0.1, seed }),
    shape: [16, 8],
    emptyShape: [0, 8],
    random: true,
  },
  {
    factory: 'torchLinearDefault',
    create: (seed) => I.torchLinearDefault({ seed }),
    shape: [16, 8],
    emptyShape: [0, 8],
    random: true,
  },
  {
    factory: 'orthogonal',
    create: (seed) => I.orthogonal({ gain: 1.5, seed }),
    shape: [3, 3, 4, 8],
    emptyShape: [3, 3, 4, 0],
    random: true,
  },
  {
    factory: 'deltaOrthogonal',
    create: (seed) => I.deltaOrthogonal({ seed }),
    shape: [3, 3, 4, 8],
    emptyShape: [3, 0, 4, 8],
    random: true,
  },
  {
    factory: 'identity',
    create: () => I.identity({ gain: 2 }),
    shape: [5, 3],
    emptyShape: [0, 3],
    random: false,
  },
  {
    factory: 'dirac',
    create: () => I.dirac({ groups: 2 }),
    shape: [3, 3, 2, 4],
    emptyShape: [3, 3, 0, 4],
    random: false,
  },
  {
    factory: 'sparse',
    create: (seed) => I.sparse({ sparsity: 0.5, seed }),
    shape: [16, 8],
    emptyShape: [0, 8],
    random: true,
  },
  {
    factory: 'zerO',
    create: () => I.zerO(),
    shape: [4, 6],
    emptyShape: [4, 0],
    random: false,
  },
];
