import { UsageError } from './errors';

/**
 * Rewrites `--flag -3` as `--flag=-3`, because parseArgs reads a value that
 * starts with a dash as another option; the value then reaches validation.
 */
export function attachNegativeValues(argv: string[]): string[] {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    const isFlag = /^--[a-z-]+$/.test(argv[i]);
    if (isFlag && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      result.push(`${argv[i]}=${next}`);
      i++;
    } else {
      result.push(argv[i]);
    }
  }
  return result;
}

export function list(flag: string, text: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new UsageError(`${flag} must be a comma-separated list with no empty entries; got "${text}"`);
  }
  return items;
}

export function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!(/^\s*\d+\s*$/.test(text) && Number.isSafeInteger(value) && value > 0)) {
    throw new UsageError(`${flag} must be a positive integer; got "${text}"`);
  }
  return value;
}

export function integer(flag: string, text: string): number {
  const value = Number(text);
  if (!(/^\s*-?\d+\s*$/.test(text) && Number.isSafeInteger(value))) {
    throw new UsageError(`${flag} must be an integer; got "${text}"`);
  }
  return value;
}

/** Plain decimal notation, as `0.001`, `1e-3` or `-2`; no hex or padding. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function positiveNumber(flag: string, text: string): number {
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!(text.trim() !== '' && Number.isFinite(value) && value > 0)) {
    throw new UsageError(`${flag} must be a positive finite number; got "${text}"`);
  }
  return value;
}

export function nonNegativeNumber(flag: string, text: string): number {
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!(text.trim() !== '' && Number.isFinite(value) && value >= 0)) {
    throw new UsageError(`${flag} must be a finite number >= 0; got "${text}"`);
  }
  return value;
}

export function oneOf<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`${flag} must be one of ${choices.join(', ')}; got "${text}"`);
  }
  return text as T;
}

/**
 * Joins `items` with commas into lines of at most `width` columns for help
 * text: continuation lines start with `indent` spaces, and the first line
 * has `offset` columns of text before the list.
 */
/** Returns whether `text` is a number in plain decimal notation. */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/**
 * Rewrites Node's parseArgs error as one line: its advice about positional
 * arguments does not apply to initlab's options.
 */
export function describeParseError(error: unknown, command: string): UsageError {
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const unknown = /^Unknown option '([^']+)'/.exec(first);
  const message = unknown ? `unknown option ${unknown[1]}` : first.replace(/\.$/, '');
  return new UsageError(`${message}; see initlab ${command} --help`);
}

export function wrapList(items: readonly string[], indent: number, offset = 0, width = 78): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item},` : item;
    const used = indent + (lines.length === 0 ? offset : 0);
    if (line && used + line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else {
      line = line ? `${line} ${piece}` : piece;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/**
 * Most weights an MLP may have: 5e7 float32 values are 200 MB, which the
 * model, its gradients and Adam's two slots hold four times, per worker.
 */
export const MAX_WEIGHTS = 50_000_000;

/**
 * Throws a {@link UsageError} when an MLP with these layer sizes (input
 * first) would have more than {@link MAX_WEIGHTS} weights.
 */
export function checkNetworkSize(flag: string, sizes: readonly number[]): void {
  let weights = 0;
  for (let i = 0; i + 1 < sizes.length; i++) weights += (sizes[i] + 1) * sizes[i + 1];
  if (weights > MAX_WEIGHTS) {
    throw new UsageError(
      `${flag} gives a network of ${weights.toExponential(2)} weights; the limit is ${MAX_WEIGHTS.toExponential(0)}, so use fewer or narrower layers`,
    );
  }
}
