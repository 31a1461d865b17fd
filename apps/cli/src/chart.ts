/** One row of {@link formatAccuracyChart}. */
export interface ChartRow {
  label: string;
  /** Test accuracy in [0, 1] after each epoch; undefined where none. */
  values: (number | undefined)[];
  /** Text after the row, such as the final accuracy. */
  note: string;
}

/** Block characters from lowest to highest, one eighth of a cell apart. */
const BLOCKS = '▁▂▃▄▅▆▇█';

/** Columns a chart of few epochs is stretched to, and the most it uses. */
const MIN_COLUMNS = 24;
const MAX_COLUMNS = 60;

/**
 * Draws test accuracy per epoch as one row of block characters per series,
 * epochs from left to right. The lowest value shown is `▁` and the highest
 * `█`, so that close curves stay apart; the title states both. With few
 * epochs each epoch spans several columns, and with more than 60 epochs
 * each column shows the epoch at its position.
 */
export function formatAccuracyChart(
  rows: ChartRow[],
  epochs: number,
  title: string,
): string {
  const values = rows.flatMap((row) =>
    row.values.filter((v): v is number => v !== undefined),
  );
  if (rows.length === 0 || values.length === 0)
    return `${title}: no finished epochs`;
  const low = Math.min(...values);
  const high = Math.max(...values);
  const columns =
    epochs <= MIN_COLUMNS
      ? epochs * Math.floor(MIN_COLUMNS / epochs)
      : Math.min(epochs, MAX_COLUMNS);

  const level = (value: number) =>
    high - low < 1e-12
      ? BLOCKS.length - 1
      : Math.round(((value - low) / (high - low)) * (BLOCKS.length - 1));
  const draw = (row: ChartRow) => {
    let cells = '';
    for (let column = 0; column < columns; column++) {
      const value = row.values[Math.floor((column * epochs) / columns)];
      cells += value === undefined ? ' ' : BLOCKS[level(value)];
    }
    return cells;
  };
  const width = Math.max(...rows.map((row) => row.label.length));
  const scale = `▁ = ${percent(low)}, █ = ${percent(high)}`;
  const span =
    epochs === 1 ? 'one epoch' : `epoch 1 to ${epochs} from left to right`;
  return [
    `${title} (${span}; ${scale})`,
    ...rows.map(
      (row) => `${row.label.padEnd(width)}  ${draw(row)}  ${row.note}`,
    ),
  ].join('\n');
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** Rows of a comparison's chart: one per run, its final accuracy or status after it. */
export function runChartRows(
  runs: {
    init: string;
    status: string;
    epochs: { epoch: number; testAccuracy: number }[];
  }[],
  epochs: number,
): ChartRow[] {
  return runs.map((run) => {
    const values = Array.from(
      { length: epochs },
      (_, i) => run.epochs.find((e) => e.epoch === i + 1)?.testAccuracy,
    );
    const last = run.epochs.at(-1);
    const final = last ? percent(last.testAccuracy) : '';
    const note =
      run.status === 'completed' ? final : `${final} ${run.status}`.trim();
    return { label: run.init, values, note };
  });
}
