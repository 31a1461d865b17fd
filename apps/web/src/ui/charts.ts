/** Line charts drawn on a canvas, and a scheduler that limits redraws. */

/** One line of a chart. */
export interface Series {
  color: string;
  /** Canvas line dash, such as [6, 4], or solid when absent. */
  dash?: number[];
  /** [x, y] points in x order. A non-finite y breaks the line. */
  points: readonly (readonly [number, number])[];
}

/** Axes of a chart. */
export interface ChartOptions {
  xLabel: string;
  yScale: 'linear' | 'log';
  /** Fixed y range, fitted to the data when absent. */
  yMin?: number;
  yMax?: number;
  /** Smallest x range shown, so that a chart does not start zoomed in. */
  xMax?: number;
}

const MARGIN = { left: 52, right: 12, top: 10, bottom: 30 };
const AXIS_COLOR = '#5b6472';
const GRID_COLOR = '#e3e6ea';
const FONT = '11px system-ui, sans-serif';

/** A chart that redraws all its series on each call to draw(). */
export class LineChart {
  private readonly context: CanvasRenderingContext2D;
  /**
   * log10 of the bottom of a log axis: a decade below the smallest positive
   * value. Zeros are drawn there and its tick reads 0.
   */
  private logFloor = -1;
  private hasZeros = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly options: ChartOptions,
  ) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser has no 2D canvas');
    this.context = context;
  }

  draw(series: readonly Series[], xMax = this.options.xMax ?? 1): void {
    const { width, height } = this.resize();
    const context = this.context;
    context.clearRect(0, 0, width, height);
    const plot = {
      left: MARGIN.left,
      top: MARGIN.top,
      width: Math.max(10, width - MARGIN.left - MARGIN.right),
      height: Math.max(10, height - MARGIN.top - MARGIN.bottom),
    };
    const xDomain: [number, number] = [0, Math.max(xMax, ...series.map(lastX))];
    if (this.options.yScale === 'log') this.fitLogFloor(series);
    const yDomain = this.yDomain(series);
    const toX = (x: number) => plot.left + ((x - xDomain[0]) / (xDomain[1] - xDomain[0])) * plot.width;
    const toY = (y: number) =>
      plot.top + plot.height - ((this.scaleY(y) - yDomain[0]) / (yDomain[1] - yDomain[0])) * plot.height;

    this.drawAxes(plot, xDomain, yDomain, toX);
    context.save();
    context.beginPath();
    context.rect(plot.left, plot.top, plot.width, plot.height);
    context.clip();
    for (const line of series) drawLine(context, line, toX, toY, plot.width);
    context.restore();
  }

  /** Matches the canvas's pixel size to its CSS size and the pixel ratio. */
  private resize(): { width: number; height: number } {
    const width = this.canvas.clientWidth || 300;
    const height = this.canvas.clientHeight || 180;
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio)) this.canvas.width = Math.round(width * ratio);
    if (this.canvas.height !== Math.round(height * ratio)) this.canvas.height = Math.round(height * ratio);
    this.context.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { width, height };
  }

  /** Returns y in axis units: log10(y) on a log axis, floored. */
  private scaleY(y: number): number {
    if (this.options.yScale === 'linear') return y;
    return y > 0 ? Math.max(Math.log10(y), this.logFloor) : this.logFloor;
  }

  private fitLogFloor(series: readonly Series[]): void {
    const values = series.flatMap((line) => line.points.map(([, y]) => y)).filter(Number.isFinite);
    const positive = values.filter((y) => y > 0);
    this.hasZeros = values.some((y) => y <= 0);
    this.logFloor = positive.length > 0 ? Math.floor(Math.log10(Math.min(...positive))) - 1 : -1;
  }

  private yDomain(series: readonly Series[]): [number, number] {
    const values = series
      .flatMap((line) => line.points.map(([, y]) => this.scaleY(y)))
      .filter(Number.isFinite);
    let low = this.options.yMin !== undefined ? this.scaleY(this.options.yMin) : Math.min(...values);
    let high = this.options.yMax !== undefined ? this.scaleY(this.options.yMax) : Math.max(...values);
    if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
    if (this.options.yScale === 'log') {
      low = Math.floor(low);
      high = Math.ceil(high);
    }
    if (high - low < 1e-9) {
      low -= 0.5;
      high += 0.5;
    } else if (this.options.yScale === 'linear' && this.options.yMax === undefined) {
      high += 0.05 * (high - low);
    }
    return [low, high];
  }

  private drawAxes(
    plot: { left: number; top: number; width: number; height: number },
    xDomain: [number, number],
    yDomain: [number, number],
    toX: (x: number) => number,
  ): void {
    const context = this.context;
    context.font = FONT;
    context.lineWidth = 1;
    context.setLineDash([]);
    const bottom = plot.top + plot.height;

    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const tick of yTicks(yDomain, this.options.yScale)) {
      const y = bottom - ((tick - yDomain[0]) / (yDomain[1] - yDomain[0])) * plot.height;
      context.strokeStyle = GRID_COLOR;
      context.beginPath();
      context.moveTo(plot.left, y);
      context.lineTo(plot.left + plot.width, y);
      context.stroke();
      context.fillStyle = AXIS_COLOR;
      let label = formatTick(tick);
      if (this.options.yScale === 'log') {
        label = this.hasZeros && tick === this.logFloor ? '0' : `1e${tick}`;
      }
      context.fillText(label, plot.left - 6, y);
    }

    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const tick of niceTicks(xDomain[0], xDomain[1], 6).filter(Number.isInteger)) {
      context.fillStyle = AXIS_COLOR;
      context.fillText(formatTick(tick), toX(tick), bottom + 5);
    }
    context.fillText(this.options.xLabel, plot.left + plot.width / 2, bottom + 17);
    context.strokeStyle = AXIS_COLOR;
    context.strokeRect(plot.left + 0.5, plot.top + 0.5, plot.width, plot.height);
  }
}

/**
 * Draws one series, keeping at most about one point per pixel column so
 * that a long run costs no more to draw than a short one.
 */
function drawLine(
  context: CanvasRenderingContext2D,
  line: Series,
  toX: (x: number) => number,
  toY: (y: number) => number,
  pixels: number,
): void {
  const stride = Math.max(1, Math.floor(line.points.length / pixels));
  context.strokeStyle = line.color;
  context.fillStyle = line.color;
  context.lineWidth = 1.75;
  context.setLineDash(line.dash ?? []);
  context.beginPath();
  let drawing = false;
  for (let i = 0; i < line.points.length; i += stride) {
    const [x, y] = line.points[Math.min(i, line.points.length - 1)];
    if (!Number.isFinite(y)) {
      drawing = false;
      continue;
    }
    if (drawing) context.lineTo(toX(x), toY(y));
    else context.moveTo(toX(x), toY(y));
    drawing = true;
  }
  context.stroke();
  if (line.points.length <= 30) {
    for (const [x, y] of line.points) {
      if (!Number.isFinite(y)) continue;
      context.beginPath();
      context.arc(toX(x), toY(y), 2.5, 0, 2 * Math.PI);
      context.fill();
    }
  }
}

function lastX(line: Series): number {
  return line.points.length > 0 ? line.points[line.points.length - 1][0] : 0;
}

function yTicks(domain: [number, number], scale: 'linear' | 'log'): number[] {
  if (scale === 'linear') return niceTicks(domain[0], domain[1], 5);
  const ticks: number[] = [];
  const every = Math.max(1, Math.ceil((domain[1] - domain[0]) / 6));
  for (let power = Math.ceil(domain[0]); power <= domain[1]; power += every) ticks.push(power);
  return ticks;
}

/** Returns about `count` round tick values between low and high. */
export function niceTicks(low: number, high: number, count: number): number[] {
  const span = high - low;
  if (!(span > 0)) return [low];
  const rough = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high + step * 1e-9; tick += step) {
    ticks.push(Number(tick.toPrecision(12)));
  }
  return ticks;
}

function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(0);
  return String(Number(value.toPrecision(3)));
}

/**
 * Calls `draw` at most once per `intervalMs` and only in an animation
 * frame, however often `request` is called, so that the cost of drawing
 * does not grow with the rate at which results arrive.
 */
export class RedrawScheduler {
  private scheduled = false;
  private lastDrawAt = -Infinity;

  constructor(
    private readonly draw: () => void,
    private readonly intervalMs = 250,
  ) {}

  request(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = Math.max(0, this.lastDrawAt + this.intervalMs - performance.now());
    setTimeout(() => {
      requestAnimationFrame(() => {
        this.scheduled = false;
        this.lastDrawAt = performance.now();
        this.draw();
      });
    }, wait);
  }
}
