/**
 * SVG charts as strings, styled with presentation attributes only, so that
 * a chart saved on its own looks as it does in the report.
 */

/** Colour-blind-safe categorical colours (Okabe and Ito, 2008), black last. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#000000',
];

const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';

/** One line of a {@link lineChart}, with an optional band around it. */
export interface Series {
  label: string;
  color: string;
  points: { x: number; y: number; tooltip?: string }[];
  /** Lower and upper edge at each x, such as the minimum and maximum over seeds. */
  band?: { x: number; low: number; high: number }[];
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** `log` leaves out values <= 0, which a log axis cannot show. */
  yScale?: 'linear' | 'log';
  /** Formats y tick labels; default: up to 4 significant digits. */
  yFormat?: (value: number) => string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 34, right: 16, bottom: 46, left: 64 };
const LEGEND_WIDTH = 170;

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Draws lines with markers and bands, axes with ticks, and a legend at the right. */
export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 580;
  const height = spec.height ?? 320;
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right - LEGEND_WIDTH,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  const log = spec.yScale === 'log';
  const drawable = (y: number) => Number.isFinite(y) && (!log || y > 0);
  const xs = spec.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = spec.series
    .flatMap((s) => [
      ...s.points.map((p) => p.y),
      ...(s.band ?? []).flatMap((b) => [b.low, b.high]),
    ])
    .filter(drawable);
  if (xs.length === 0 || ys.length === 0)
    return emptyChart(spec.title, width, height);

  const xAxis = linearAxis(Math.min(...xs), Math.max(...xs), true);
  const yAxis = log
    ? logAxis(Math.min(...ys), Math.max(...ys))
    : linearAxis(Math.min(...ys), Math.max(...ys), false);
  const sx = (x: number) =>
    plot.left + ((x - xAxis.min) / (xAxis.max - xAxis.min)) * plot.width;
  const sy = (y: number) => {
    const t = log
      ? (Math.log10(y) - Math.log10(yAxis.min)) /
        (Math.log10(yAxis.max) - Math.log10(yAxis.min))
      : (y - yAxis.min) / (yAxis.max - yAxis.min);
    return plot.top + (1 - t) * plot.height;
  };
  const yFormat = spec.yFormat ?? ((v: number) => formatNumber(v));
  const body = spec.series
    .map((series) => drawSeries(series, sx, sy, drawable))
    .join('');
  return svgRoot(width, height, [
    `<text x="${
      width / 2
    }" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(
      spec.title,
    )}</text>`,
    axes(
      plot,
      xAxis.ticks.map((t) => ({ at: sx(t), label: formatNumber(t) })),
      yAxis.ticks.map((t) => ({ at: sy(t), label: yFormat(t) })),
    ),
    `<text x="${plot.left + plot.width / 2}" y="${
      height - 8
    }" text-anchor="middle" font-size="12">${escapeXml(spec.xLabel)}</text>`,
    `<text transform="translate(14 ${
      plot.top + plot.height / 2
    }) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(
      spec.yLabel,
    )}</text>`,
    body,
    legend(spec.series, plot.left + plot.width + 16, plot.top),
  ]);
}

function drawSeries(
  series: Series,
  sx: (x: number) => number,
  sy: (y: number) => number,
  drawable: (y: number) => boolean,
): string {
  const parts: string[] = [];
  const band = (series.band ?? []).filter(
    (b) => drawable(b.low) && drawable(b.high),
  );
  if (band.length > 1 && band.some((b) => b.high - b.low > 0)) {
    const upper = band.map((b) => `${round(sx(b.x))},${round(sy(b.high))}`);
    const lower = band
      .map((b) => `${round(sx(b.x))},${round(sy(b.low))}`)
      .reverse();
    parts.push(
      `<path d="M${[...upper, ...lower].join('L')}Z" fill="${
        series.color
      }" fill-opacity="0.18" stroke="none"/>`,
    );
  }
  // A value the axis cannot show breaks the line into segments.
  const segments: string[][] = [[]];
  for (const p of series.points) {
    if (drawable(p.y))
      segments.at(-1)!.push(`${round(sx(p.x))},${round(sy(p.y))}`);
    else if (segments.at(-1)!.length > 0) segments.push([]);
  }
  for (const segment of segments.filter((s) => s.length > 0)) {
    parts.push(
      `<path d="M${segment.join('L')}" fill="none" stroke="${
        series.color
      }" stroke-width="2"/>`,
    );
  }
  for (const p of series.points.filter((point) => drawable(point.y))) {
    const tooltip = p.tooltip ? `<title>${escapeXml(p.tooltip)}</title>` : '';
    parts.push(
      `<circle cx="${round(sx(p.x))}" cy="${round(sy(p.y))}" r="3" fill="${
        series.color
      }">${tooltip}</circle>`,
    );
  }
  return `<g>${parts.join('')}</g>`;
}

function legend(series: Series[], x: number, y: number): string {
  return series
    .map((s, i) => {
      const top = y + i * 18;
      const label = s.label.length > 24 ? `${s.label.slice(0, 23)}…` : s.label;
      return (
        `<g><title>${escapeXml(s.label)}</title>` +
        `<rect x="${x}" y="${top}" width="14" height="4" fill="${s.color}"/>` +
        `<text x="${x + 20}" y="${top + 6}" font-size="12">${escapeXml(
          label,
        )}</text></g>`
      );
    })
    .join('');
}

interface Tick {
  at: number;
  label: string;
}

function axes(
  plot: { left: number; top: number; width: number; height: number },
  xTicks: Tick[],
  yTicks: Tick[],
): string {
  const bottom = plot.top + plot.height;
  const right = plot.left + plot.width;
  const grid = yTicks
    .map(
      (t) =>
        `<line x1="${plot.left}" x2="${right}" y1="${round(t.at)}" y2="${round(
          t.at,
        )}" stroke="#e3e3e3"/>`,
    )
    .join('');
  const yLabels = yTicks
    .map(
      (t) =>
        `<text x="${plot.left - 6}" y="${
          round(t.at) + 4
        }" text-anchor="end" font-size="11">${escapeXml(t.label)}</text>`,
    )
    .join('');
  const xLabels = xTicks
    .map(
      (t) =>
        `<line x1="${round(t.at)}" x2="${round(t.at)}" y1="${bottom}" y2="${
          bottom + 4
        }" stroke="#555"/>` +
        `<text x="${round(t.at)}" y="${
          bottom + 17
        }" text-anchor="middle" font-size="11">${escapeXml(t.label)}</text>`,
    )
    .join('');
  const frame = `<path d="M${plot.left},${plot.top}V${bottom}H${right}" fill="none" stroke="#555"/>`;
  return grid + frame + yLabels + xLabels;
}

/** Returns an axis that covers [low, high] with about 5 round ticks. */
function linearAxis(
  low: number,
  high: number,
  integers: boolean,
): { min: number; max: number; ticks: number[] } {
  if (high - low < 1e-12) {
    const pad = integers ? 1 : Math.abs(low) * 0.05 || 0.5;
    return linearAxis(low - pad, high + pad, integers);
  }
  const raw = (high - low) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const niceStep = [1, 2, 5, 10]
    .map((m) => m * magnitude)
    .find((s) => s >= raw)!;
  let step = niceStep;
  if (integers) {
    // Integer axes of up to 12 values, such as epochs, label every value.
    step = high - low <= 12 ? 1 : Math.max(1, niceStep);
  }
  const min = integers ? low : Math.floor(low / step) * step;
  const max = integers ? high : Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (
    let t = Math.ceil(min / step) * step;
    t <= max + step * 1e-9;
    t += step
  ) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return { min, max, ticks };
}

/**
 * Returns a log axis over [low, high]: ends and ticks at 1, 2 and 5 times
 * a power of 10 when the range spans up to two decades, else at powers of
 * 10 (at most about 8 of them).
 */
function logAxis(
  low: number,
  high: number,
): { min: number; max: number; ticks: number[] } {
  if (high / low < 1.0001) return logAxis(low / 2, high * 2);
  const min = niceBelow(low);
  const max = niceAbove(high);
  if (max / min <= 100) {
    const ticks: number[] = [];
    for (
      let e = Math.floor(Math.log10(min));
      e <= Math.ceil(Math.log10(max));
      e++
    ) {
      for (const m of [1, 2, 5]) {
        const tick = Number((m * 10 ** e).toPrecision(12));
        if (tick >= min * (1 - 1e-9) && tick <= max * (1 + 1e-9))
          ticks.push(tick);
      }
    }
    return { min, max, ticks };
  }
  const from = Math.floor(Math.log10(low));
  const to = Math.ceil(Math.log10(high));
  const every = Math.ceil((to - from) / 8);
  const ticks: number[] = [];
  for (let e = from; e <= to; e += every) ticks.push(10 ** e);
  return { min: 10 ** from, max: 10 ** to, ticks };
}

/** Returns the largest of 1, 2 or 5 times a power of 10 that is at most `value`. */
function niceBelow(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const m = [5, 2, 1].find((f) => f * power <= value * (1 + 1e-9))!;
  return Number((m * power).toPrecision(12));
}

/** Returns the smallest of 1, 2 or 5 times a power of 10 that is at least `value`. */
function niceAbove(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const m = [1, 2, 5, 10].find((f) => f * power >= value * (1 - 1e-9))!;
  return Number((m * power).toPrecision(12));
}

/** Formats a number with up to 4 significant digits, in exponent form when tiny or huge. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3)
    return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(4)));
}

/**
 * Draws a confusion matrix: rows are true classes, columns predicted
 * classes. Each cell shows its count and is shaded by its share of the row,
 * so that the diagonal reads as per-class recall.
 */
export function confusionChart(
  title: string,
  matrix: number[][],
  classNames: string[],
): string {
  const cell = 30;
  const rowLabelWidth =
    Math.max(...classNames.map((name, i) => `${i} ${name}`.length)) * 6.5 + 12;
  const left = Math.max(40, rowLabelWidth);
  const top = 56;
  const size = matrix.length * cell;
  const width = left + size + 16;
  const height = top + size + 40;
  const parts: string[] = [
    `<text x="${
      width / 2
    }" y="18" text-anchor="middle" font-size="13" font-weight="600">${escapeXml(
      title,
    )}</text>`,
    `<text x="${
      left + size / 2
    }" y="36" text-anchor="middle" font-size="11">predicted class</text>`,
    `<text x="${left + size / 2}" y="${
      top + size + 30
    }" text-anchor="middle" font-size="11">rows: true class; shade: share of the row</text>`,
  ];
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const rowName =
      classNames[i] === String(i) ? String(i) : `${i} ${classNames[i] ?? ''}`;
    parts.push(
      `<text x="${left - 6}" y="${
        top + i * cell + cell / 2 + 4
      }" text-anchor="end" font-size="11">${escapeXml(rowName)}</text>`,
    );
    parts.push(
      `<text x="${left + i * cell + cell / 2}" y="${
        top - 6
      }" text-anchor="middle" font-size="11">${i}</text>`,
    );
    row.forEach((count, j) => {
      const share = total > 0 ? count / total : 0;
      const x = left + j * cell;
      const y = top + i * cell;
      const tooltip = `true ${classNames[i] ?? i}, predicted ${
        classNames[j] ?? j
      }: ${count} (${(share * 100).toFixed(1)}% of the row)`;
      parts.push(
        `<g><title>${escapeXml(tooltip)}</title>` +
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${shade(
            share,
          )}" stroke="#fff"/>` +
          `<text x="${x + cell / 2}" y="${
            y + cell / 2 + 3.5
          }" text-anchor="middle" font-size="9.5" fill="${
            share > 0.5 ? '#fff' : '#222'
          }">${count}</text></g>`,
      );
    });
  });
  return svgRoot(width, height, parts);
}

/** Interpolates from white (0) to dark blue (1). */
function shade(share: number): string {
  const from = [255, 255, 255];
  const to = [8, 48, 107];
  const t = Math.sqrt(Math.min(1, Math.max(0, share)));
  const channel = (k: number) => Math.round(from[k] + (to[k] - from[k]) * t);
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

function emptyChart(title: string, width: number, height: number): string {
  return svgRoot(width, height, [
    `<text x="${
      width / 2
    }" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(
      title,
    )}</text>`,
    `<text x="${width / 2}" y="${
      height / 2
    }" text-anchor="middle" font-size="12" fill="#666">no values to draw</text>`,
  ]);
}

function svgRoot(width: number, height: number, parts: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
    ` font-family="${FONT}" fill="#222">` +
    `<rect width="${width}" height="${height}" fill="#fff"/>${parts.join(
      '',
    )}</svg>`
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
