import type { LayerStats } from '@initlab/train';

import { CLASS_NAMES } from '../dataset';
import { pointLabel, type Dimension } from '../grid';
import { groupByConfiguration, statistic, type SweepRun } from '../summary';
import type { ReportInput } from './input';
import { PALETTE, confusionChart, lineChart, type Series } from './svg';

/** A chart with a file name for saving it and a caption. */
export interface Figure {
  name: string;
  svg: string;
  caption?: string;
}

/** Runs that share every setting but the initializer and the seed. */
export interface Facet {
  title: string;
  runs: SweepRun[];
}

/** Dimensions that split the runs into facets: those that vary, but init and seed. */
function facetDimensions(varying: readonly Dimension[]): Dimension[] {
  return varying.filter((d) => d !== 'init' && d !== 'seed');
}

/** Splits the runs into facets, in grid order. */
export function facets(input: ReportInput): Facet[] {
  const dimensions = facetDimensions(input.varying);
  const groups = new Map<string, SweepRun[]>();
  for (const run of input.runs) {
    const key = pointLabel(run, dimensions);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups].map(([title, runs]) => ({ title, runs }));
}

/** Colour of each initializer, the same in every chart. */
export function initColors(input: ReportInput): Map<string, string> {
  const inits = [...new Set(input.runs.map((run) => run.init))];
  return new Map(inits.map((init, i) => [init, PALETTE[i % PALETTE.length]]));
}

/**
 * Draws test accuracy and test loss per epoch, one line per initializer:
 * the mean over its completed seeds, with a band from the minimum to the
 * maximum.
 */
export function epochFigures(
  facet: Facet,
  colors: Map<string, string>,
  slug: string,
): Figure[] {
  const byInit = groupByConfiguration(
    facet.runs.filter((run) => run.status === 'completed'),
  );
  const series = (
    metric: 'testAccuracy' | 'testLoss',
    scale: number,
  ): Series[] =>
    byInit.map((group) => {
      const init = group[0].init;
      const epochs = Math.max(...group.map((run) => run.epochs.length));
      const points = [];
      const band = [];
      for (let epoch = 1; epoch <= epochs; epoch++) {
        const values = group.flatMap((run) =>
          run.epochs
            .filter((e) => e.epoch === epoch)
            .map((e) => e[metric] * scale),
        );
        const s = statistic(values);
        if (!s) continue;
        const spread =
          s.n > 1
            ? ` (min ${fixed(s.min)}, max ${fixed(s.max)}, ${s.n} seeds)`
            : '';
        points.push({
          x: epoch,
          y: s.mean,
          tooltip: `${init}, epoch ${epoch}: ${fixed(s.mean)}${spread}`,
        });
        band.push({ x: epoch, low: s.min, high: s.max });
      }
      return { label: init, color: colors.get(init)!, points, band };
    });
  const suffix = facet.title ? ` (${facet.title})` : '';
  return [
    {
      name: `${slug}-test-accuracy`,
      svg: lineChart({
        title: `Test accuracy${suffix}`,
        xLabel: 'epoch',
        yLabel: 'test accuracy (%)',
        series: series('testAccuracy', 100),
      }),
    },
    {
      name: `${slug}-test-loss`,
      svg: lineChart({
        title: `Test loss${suffix}`,
        xLabel: 'epoch',
        yLabel: 'mean cross-entropy',
        series: series('testLoss', 1),
      }),
    },
  ];
}

type LayerMetric = 'activationStd' | 'gradientNorm';

const METRIC_NAMES: Record<LayerMetric, string> = {
  activationStd: 'activation std',
  gradientNorm: 'kernel gradient norm',
};

/**
 * Draws per-layer statistics against depth at the first and the last
 * snapshot, one line per initializer, from the run of its first seed.
 */
export function depthFigures(
  facet: Facet,
  colors: Map<string, string>,
  slug: string,
): Figure[] {
  const runs = firstSeedWithStats(facet.runs);
  if (runs.length === 0) return [];
  const suffix = facet.title ? `, ${facet.title}` : '';
  const figures: Figure[] = [];
  for (const metric of ['activationStd', 'gradientNorm'] as const) {
    for (const when of ['first', 'last'] as const) {
      const series = runs.map((run) => {
        const snapshot = when === 'first' ? run.stats![0] : run.stats!.at(-1)!;
        return {
          label: run.init,
          color: colors.get(run.init)!,
          points: snapshot.layers.map((layer) => ({
            x: layer.layer + 1,
            y: layer[metric],
            tooltip: `${run.init}, layer ${layer.layer + 1} at step ${
              snapshot.step
            }: ${layer[metric].toPrecision(3)}`,
          })),
        };
      });
      const step = when === 'first' ? 'the first step' : 'the last snapshot';
      figures.push({
        name: `${slug}-${metric}-${when}`,
        svg: lineChart({
          title: `${capitalize(
            METRIC_NAMES[metric],
          )} by layer at ${step}${suffix}`,
          xLabel: 'layer (1 = first hidden; the last is the output)',
          yLabel: METRIC_NAMES[metric],
          yScale: 'log',
          series,
        }),
      });
    }
  }
  return figures;
}

/**
 * Draws each layer's statistics over the training steps, one chart per
 * initializer (its first seed's run) and one line per layer.
 */
export function timeFigures(facet: Facet, slug: string): Figure[] {
  const figures: Figure[] = [];
  for (const run of firstSeedWithStats(facet.runs)) {
    const layers = run.stats![0].layers.length;
    for (const metric of ['activationStd', 'gradientNorm'] as const) {
      const series: Series[] = Array.from({ length: layers }, (_, layer) => ({
        label:
          layer === layers - 1
            ? `layer ${layer + 1} (output)`
            : `layer ${layer + 1}`,
        color: depthColor(layer, layers),
        points: run.stats!.map((snapshot) => {
          const value = (snapshot.layers[layer] as LayerStats)[metric];
          return {
            x: snapshot.step,
            y: value,
            tooltip: `layer ${layer + 1}, step ${
              snapshot.step
            }: ${value.toPrecision(3)}`,
          };
        }),
      }));
      figures.push({
        name: `${slug}-${fileSafe(run.init)}-${metric}-over-time`,
        svg: lineChart({
          title: `${capitalize(METRIC_NAMES[metric])}, ${pointLabel(run, [
            'init',
          ])}${facet.title ? `, ${facet.title}` : ''}`,
          xLabel: 'training step',
          yLabel: METRIC_NAMES[metric],
          yScale: 'log',
          series,
        }),
      });
    }
  }
  return figures;
}

/** Draws the confusion matrix of every completed run that has one. */
export function confusionFigures(input: ReportInput): Figure[] {
  const names = CLASS_NAMES[input.dataset];
  const labelled =
    input.varying.length > 0 ? input.varying : (['init'] as Dimension[]);
  return input.runs
    .filter((run) => run.confusion)
    .map((run) => ({
      name: `confusion-${fileSafe(run.id)}`,
      svg: confusionChart(pointLabel(run, labelled), run.confusion!, names),
    }));
}

/** Returns the first seed's run of each initializer that recorded statistics. */
function firstSeedWithStats(runs: SweepRun[]): SweepRun[] {
  const seen = new Set<string>();
  return runs.filter((run) => {
    if (!run.stats?.length || seen.has(run.init)) return false;
    seen.add(run.init);
    return true;
  });
}

/** Blends from light blue (first layer) to dark red (output layer). */
function depthColor(layer: number, layers: number): string {
  const t = layers === 1 ? 0 : layer / (layers - 1);
  const from = [86, 180, 233];
  const to = [140, 20, 30];
  const channel = (k: number) => Math.round(from[k] + (to[k] - from[k]) * t);
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

export function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fixed(value: number): string {
  return Math.abs(value) >= 10 ? value.toFixed(2) : value.toPrecision(4);
}
