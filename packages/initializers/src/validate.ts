import { InitializerError } from './errors';

/** Formats a value for an error message: strings quoted, arrays bracketed. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(formatValue).join(', ')}]`;
  }
  return String(value);
}

function invalidOption(rule: string, value: unknown): InitializerError {
  return new InitializerError(
    'INVALID_OPTION',
    `${rule}; got ${formatValue(value)}`,
  );
}

/** Returns `value` if it is a finite number, else throws INVALID_OPTION. */
export function requireFinite(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidOption(`${name} must be a finite number`, value);
  }
  return value;
}

/** Returns `value` if it is a positive finite number. */
export function requirePositive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidOption(`${name} must be a positive finite number`, value);
  }
  return value;
}

/** Returns `value` if it is a non-negative finite number. */
export function requireNonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidOption(`${name} must be a non-negative finite number`, value);
  }
  return value;
}

/** Returns `value` if it is a positive safe integer. */
export function requirePositiveInteger(name: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw invalidOption(`${name} must be a positive integer`, value);
  }
  return value as number;
}

/** Returns `value` if it is a boolean. */
export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw invalidOption(`${name} must be a boolean`, value);
  }
  return value;
}

/** Returns `seed` if it is undefined or a safe integer. */
export function requireSeed(seed: unknown): number | undefined {
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw invalidOption('seed must be a safe integer or undefined', seed);
  }
  return seed as number | undefined;
}

/** Lowercases a name and drops '_', '-' and spaces: 'fan_in' -> 'fanin'. */
export function normalizeSpelling(name: string): string {
  return name.toLowerCase().replace(/[_\s-]/g, '');
}

/**
 * Returns the entry of `choices` that `value` spells, ignoring case, '_' and
 * '-' (so 'fan_in' matches 'fanIn'). Throws INVALID_OPTION listing the choices.
 */
export function requireChoice<T extends string>(
  name: string,
  value: unknown,
  choices: readonly T[],
): T {
  if (typeof value === 'string') {
    const key = normalizeSpelling(value);
    const match = choices.find((choice) => normalizeSpelling(choice) === key);
    if (match !== undefined) {
      return match;
    }
  }
  const valid = choices.map(formatValue).join(', ');
  throw invalidOption(`${name} must be one of ${valid}`, value);
}

/**
 * Returns a copy of `shape` after checking that it is an array of
 * non-negative integers. Throws INVALID_SHAPE otherwise.
 */
export function validateShape(
  initializer: string,
  shape: readonly number[],
): number[] {
  const valid =
    Array.isArray(shape) &&
    shape.every((size) => Number.isSafeInteger(size) && size >= 0);
  if (!valid) {
    throw new InitializerError(
      'INVALID_SHAPE',
      `${initializer}: shape must be an array of non-negative integers; ` +
        `got ${formatValue(shape)}`,
    );
  }
  return [...shape];
}

/** Throws INVALID_SHAPE unless the rank of `shape` lies in [min, max]. */
export function requireRank(
  initializer: string,
  shape: readonly number[],
  min: number,
  max = Infinity,
): void {
  if (shape.length >= min && shape.length <= max) {
    return;
  }
  const expected = describeRankRange(min, max);
  throw new InitializerError(
    'INVALID_SHAPE',
    `${initializer}: shape must have rank ${expected}; ` +
      `got ${formatValue(shape)} of rank ${shape.length}`,
  );
}

function describeRankRange(min: number, max: number): string {
  if (max === Infinity) {
    return `at least ${min}`;
  }
  if (min === max) {
    return `${min}`;
  }
  return `between ${min} and ${max}`;
}
