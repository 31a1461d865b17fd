import { InitializerError } from './errors';

const MAX_SHOWN_ITEMS = 8;
const MAX_DEPTH = 2;

/**
 * Formats any value for an error message, briefly and without throwing:
 * strings quoted, bigints as `10n`, arrays bracketed, plain objects as
 * `{ seed: 3 }`, class instances by class name, and functions and symbols by
 * kind. Arrays and objects show at most 8 items and 2 levels, and a value
 * that contains itself shows as `[Circular]`.
 */
export function formatValue(value: unknown): string {
  try {
    return formatNested(value, 0, new Set());
  } catch {
    // A proxy or a throwing getter can fail any inspection.
    return 'a value that cannot be shown';
  }
}

function formatNested(
  value: unknown,
  depth: number,
  parents: Set<object>,
): string {
  switch (typeof value) {
    case 'string':
      return `'${value}'`;
    case 'bigint':
      return `${value}n`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return value.name === '' ? 'a function' : `the function ${value.name}`;
    case 'object':
      return value === null ? 'null' : formatObject(value, depth, parents);
    default:
      return String(value);
  }
}

function formatObject(
  value: object,
  depth: number,
  parents: Set<object>,
): string {
  if (parents.has(value)) {
    return '[Circular]';
  }
  const isArray = Array.isArray(value);
  if (!isArray && !hasPlainPrototype(value)) {
    const className = (value as { constructor?: { name?: unknown } })
      .constructor?.name;
    return typeof className === 'string' && className !== ''
      ? `an instance of ${className}`
      : 'an object that is not plain';
  }
  if (depth >= MAX_DEPTH) {
    return isArray ? '[...]' : '{...}';
  }

  parents.add(value);
  const keys = isArray ? [] : Object.keys(value);
  const count = isArray ? value.length : keys.length;
  const items: string[] = [];
  for (let i = 0; i < Math.min(count, MAX_SHOWN_ITEMS); i++) {
    const item: unknown = isArray
      ? value[i]
      : (value as Record<string, unknown>)[keys[i]];
    const text = formatNested(item, depth + 1, parents);
    items.push(isArray ? text : `${formatKey(keys[i])}: ${text}`);
  }
  parents.delete(value);

  if (count > MAX_SHOWN_ITEMS) {
    items.push(`... ${count - MAX_SHOWN_ITEMS} more`);
  }
  if (isArray) {
    return `[${items.join(', ')}]`;
  }
  return items.length === 0 ? '{}' : `{ ${items.join(', ')} }`;
}

/**
 * Checks whether `value` is a plain object: an object literal, a parsed JSON
 * object or Object.create(null).
 */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    hasPlainPrototype(value as object)
  );
}

function hasPlainPrototype(value: object): boolean {
  // Comparing with Object.prototype would reject plain objects made in
  // another realm (a vm context, an iframe), which have their own.
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function formatKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`;
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
 * Maximum number of elements of a tensor that apply() creates: 2^31 - 1, the
 * largest int32, which keeps the element count and every index in the int32
 * range. A float32 tensor of that size already takes 8 GiB.
 * NOTE: a backend may run out of memory below this limit, for example the
 * wasm backend, whose 32-bit memory is at most 4 GiB.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

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

/**
 * Throws INVALID_SHAPE if a valid `shape` has more than
 * {@link MAX_ELEMENTS} elements, before apply() allocates them.
 */
export function requireElementCount(
  initializer: string,
  shape: readonly number[],
): void {
  const count = shape.reduce((total, size) => total * size, 1);
  if (count > MAX_ELEMENTS) {
    throw new InitializerError(
      'INVALID_SHAPE',
      `${initializer}: shape ${formatValue(shape)} has ${count} elements, ` +
        `more than the maximum of ${MAX_ELEMENTS} (2^31 - 1) in one tensor; ` +
        `use a smaller shape or split the weight into several tensors`,
    );
  }
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
