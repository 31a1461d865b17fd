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

export function positiveNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!(text.trim() !== '' && Number.isFinite(value) && value > 0)) {
    throw new UsageError(`${flag} must be a positive finite number; got "${text}"`);
  }
  return value;
}

export function nonNegativeNumber(flag: string, text: string): number {
  const value = Number(text);
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
