import type { EpochMetrics, LayerProbe, LayerWarning } from '../protocol';
import { LineChart, RedrawScheduler, type Series } from './charts';
import { byId, element } from './dom';
import { layerDash, runColor } from './palette';

/** Weight of the past in the exponential moving average of the training loss. */
const LOSS_SMOOTHING = 0.95;

interface RunRecord {
  label: string;
  epochs: EpochMetrics[];
  /** [step, smoothed loss] after every step. */
  losses: [number, number][];
  /** Running sums of the debiased exponential moving average. */
  lossAverage: { sum: number; weight: number };
  probes: { step: number; layers: LayerProbe[] }[];
  warnings: { step: number; warnings: LayerWarning[] };
  status: string;
}

/**
 * The charts, the legend, the results table and the layer warnings of one
 * session. Updates only record data and request a redraw, which the
 * scheduler runs at most four times a second.
 */
export class Dashboard {
  private runs: RunRecord[] = [];
  private epochCount = 1;
  private stepCount = 1;
  private readonly charts = {
    accuracy: new LineChart(byId('chart-accuracy'), { xLabel: 'epoch', yScale: 'linear', yMin: 0, yMax: 100 }),
    testLoss: new LineChart(byId('chart-test-loss'), { xLabel: 'epoch', yScale: 'linear', yMin: 0 }),
    trainLoss: new LineChart(byId('chart-train-loss'), { xLabel: 'step', yScale: 'linear', yMin: 0 }),
    activationStd: new LineChart(byId('chart-activation-std'), { xLabel: 'step', yScale: 'log' }),
    gradientStd: new LineChart(byId('chart-gradient-std'), { xLabel: 'step', yScale: 'log' }),
  };
  private readonly scheduler = new RedrawScheduler(() => this.draw());

  constructor() {
    window.addEventListener('resize', () => this.scheduler.request());
  }

  /** Starts a new session with these runs. */
  reset(labels: string[], epochs: number, steps: number): void {
    this.runs = labels.map((label) => ({
      label,
      epochs: [],
      losses: [],
      lossAverage: { sum: 0, weight: 0 },
      probes: [],
      warnings: { step: 0, warnings: [] },
      status: '',
    }));
    this.epochCount = epochs;
    this.stepCount = steps;
    this.renderLegend();
    this.renderResults();
    this.renderWarnings();
    this.scheduler.request();
  }

  addLoss(run: number, step: number, loss: number): void {
    const record = this.runs[run];
    if (!record) return;
    const average = record.lossAverage;
    if (Number.isFinite(loss)) {
      average.sum = LOSS_SMOOTHING * average.sum + (1 - LOSS_SMOOTHING) * loss;
      average.weight = LOSS_SMOOTHING * average.weight + (1 - LOSS_SMOOTHING);
      record.losses.push([step, average.sum / average.weight]);
    } else {
      record.losses.push([step, NaN]);
    }
    this.scheduler.request();
  }

  addEpoch(metrics: EpochMetrics): void {
    const record = this.runs[metrics.run];
    if (!record) return;
    record.epochs.push(metrics);
    this.renderResults();
    this.scheduler.request();
  }

  addProbe(run: number, step: number, layers: LayerProbe[], warnings: LayerWarning[]): void {
    const record = this.runs[run];
    if (!record) return;
    record.probes.push({ step, layers });
    record.warnings = { step, warnings };
    this.renderWarnings();
    this.scheduler.request();
  }

  setStatus(run: number, status: string): void {
    const record = this.runs[run];
    if (!record) return;
    record.status = status;
    this.renderResults();
  }

  private draw(): void {
    const epochSeries = (value: (metrics: EpochMetrics) => number): Series[] =>
      this.runs.map((record, i) => ({
        color: runColor(i),
        points: record.epochs.map((metrics) => [metrics.epoch, value(metrics)] as const),
      }));
    this.charts.accuracy.draw(epochSeries((m) => m.testAccuracy * 100), this.epochCount);
    this.charts.testLoss.draw(epochSeries((m) => m.testLoss), this.epochCount);
    this.charts.trainLoss.draw(
      this.runs.map((record, i) => ({ color: runColor(i), points: record.losses })),
      this.stepCount,
    );
    this.charts.activationStd.draw(this.layerSeries((layer) => layer.activationStd), this.stepCount);
    this.charts.gradientStd.draw(this.layerSeries((layer) => layer.gradientStd), this.stepCount);
  }

  /** Returns one series per run and layer: color by run, dash by layer. */
  private layerSeries(value: (layer: LayerProbe) => number): Series[] {
    return this.runs.flatMap((record, run) => {
      const layerCount = record.probes[0]?.layers.length ?? 0;
      return Array.from({ length: layerCount }, (_, layer) => ({
        color: runColor(run),
        dash: layerDash(layer, layerCount),
        points: record.probes.map((probe) => [probe.step, value(probe.layers[layer])] as const),
      }));
    });
  }

  private renderLegend(): void {
    byId('legend').replaceChildren(
      ...this.runs.map((record, i) => {
        const swatch = element('span', { className: 'swatch', attributes: { 'aria-hidden': 'true' } });
        swatch.style.backgroundColor = runColor(i);
        return element('li', { children: [swatch, record.label] });
      }),
    );
  }

  /** Fills the table of test accuracy by epoch, one column per run. */
  private renderResults(): void {
    const table = byId<HTMLTableElement>('results');
    const header = element('tr', {
      children: [
        element('th', { text: 'epoch', attributes: { scope: 'col' } }),
        ...this.runs.map((record) =>
          element('th', { text: record.label, attributes: { scope: 'col' } }),
        ),
      ],
    });
    const rows: HTMLTableRowElement[] = [];
    const epochsSeen = Math.max(0, ...this.runs.map((record) => record.epochs.length));
    for (let epoch = 1; epoch <= epochsSeen; epoch++) {
      const cells = this.runs.map((record, run) => {
        const metrics = record.epochs.find((m) => m.epoch === epoch);
        return element('td', {
          text: metrics ? (metrics.testAccuracy * 100).toFixed(2) : '',
          attributes: {
            'data-run': String(run),
            'data-epoch': String(epoch),
            'data-accuracy': metrics ? String(metrics.testAccuracy) : '',
          },
        });
      });
      rows.push(element('tr', { children: [element('th', { text: String(epoch), attributes: { scope: 'row' } }), ...cells] }));
    }
    if (this.runs.some((record) => record.status !== '')) {
      rows.push(
        element('tr', {
          className: 'status-row',
          children: [
            element('th', { text: 'status', attributes: { scope: 'row' } }),
            ...this.runs.map((record, run) =>
              element('td', { text: record.status, attributes: { 'data-run': String(run) } }),
            ),
          ],
        }),
      );
    }
    table.tHead?.replaceChildren(header);
    table.tBodies[0]?.replaceChildren(...rows);
  }

  private renderWarnings(): void {
    const items = this.runs.flatMap((record) =>
      record.warnings.warnings.map((warning) =>
        element('li', {
          className: `warning warning-${warning.kind}`,
          text: `${record.label}, step ${record.warnings.step}: ${warning.message}`,
        }),
      ),
    );
    const list = byId('warnings');
    list.replaceChildren(...items);
    byId('warnings-empty').hidden = items.length > 0 || this.runs.every((r) => r.probes.length === 0);
  }
}
