/** Formats a count with thousands separators, rounded to an integer. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

/** Formats a ratio as "2.35x". */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

/** Formats a fraction in [0, 1] as a percentage. */
export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(0)}%` : 'n/a';
}

/** Formats a number with `digits` decimals. */
export function formatFixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** Formats bytes as MiB. */
export function formatMiB(bytes: number | undefined): string {
  return bytes !== undefined && Number.isFinite(bytes)
    ? formatCount(bytes / 2 ** 20)
    : 'n/a';
}

/** Renders a Markdown table. `align` has one 'l' or 'r' per column. */
export function table(header: string[], rows: string[][], align: string): string {
  const separator = [...align].map((side) => (side === 'r' ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(separator), ...rows.map(line)].join('\n');
}
