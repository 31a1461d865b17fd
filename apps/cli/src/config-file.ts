import { readFile } from 'node:fs/promises';

import { parse as parseYaml } from 'yaml';

import { UsageError } from './errors';

/**
 * Option values in command-line form: comma-separated text for lists,
 * `true` or `false` for switches.
 */
export type ConfigValues = Partial<Record<string, string | boolean>>;

/** The keys a config file may have, by kind of value. */
export interface ConfigKeys {
  keys: readonly string[];
  /** Keys that take a list. */
  lists: readonly string[];
  /** Keys that take true or false. */
  switches: readonly string[];
}

/**
 * Reads a config file of option names (without `--`) and values: JSON when
 * the name ends in `.json`, YAML otherwise. Lists may be written as arrays
 * or as the command line's comma-separated text. `hidden` also takes an
 * array of widths (one architecture) or an array of architectures, each an
 * array of widths or a comma-separated string.
 *
 * Throws {@link UsageError} naming the file, and the key when one is wrong.
 */
export async function readConfigFile(
  file: string,
  kinds: ConfigKeys,
): Promise<{ path: string; values: ConfigValues }> {
  const { keys } = kinds;
  const document = parseDocument(file, await readText(file));
  const values: ConfigValues = {};
  for (const [key, value] of Object.entries(document)) {
    if (!keys.includes(key)) {
      throw new UsageError(
        `${file}: unknown key "${key}"${suggest(
          key,
          keys,
        )}; valid keys: ${keys.join(', ')}`,
      );
    }
    if (value === null || value === undefined) continue;
    values[key] = toOptionValue(file, key, value, kinds);
  }
  return { path: file, values };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`cannot read config file ${file}: ${code}`);
  }
}

function parseDocument(file: string, text: string): Record<string, unknown> {
  const json = file.toLowerCase().endsWith('.json');
  let document: unknown;
  try {
    document = json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new UsageError(
      `${file}: invalid ${json ? 'JSON' : 'YAML'}: ${message}`,
    );
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document)) {
    const got = Array.isArray(document) ? 'a list' : JSON.stringify(document);
    throw new UsageError(
      `${file}: expected a mapping of option names to values, such as "epochs: 3"; got ${got}`,
    );
  }
  return document as Record<string, unknown>;
}

function toOptionValue(
  file: string,
  key: string,
  value: unknown,
  kinds: ConfigKeys,
): string | boolean {
  const where = `${file}: ${key}`;
  if (kinds.switches.includes(key)) {
    if (typeof value !== 'boolean') {
      throw new UsageError(
        `${where} must be true or false; got ${JSON.stringify(value)}`,
      );
    }
    return value;
  }
  if (isScalar(value)) return String(value);
  if (!kinds.lists.includes(key)) {
    throw new UsageError(
      `${where} must be a single string or number; got ${JSON.stringify(
        value,
      )}`,
    );
  }
  if (!Array.isArray(value)) {
    throw new UsageError(
      `${where} must be a value or a list of values; got ${JSON.stringify(
        value,
      )}`,
    );
  }
  if (key === 'hidden') return architectures(where, value);
  if (!value.every(isScalar)) {
    throw new UsageError(
      `${where} must be a list of strings or numbers; got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value.join(',');
}

/** Writes `hidden` in the command line's form, architectures joined by `|`. */
function architectures(where: string, value: unknown[]): string {
  if (value.every((item) => typeof item === 'number')) return value.join(',');
  const invalid = value.find(
    (item) =>
      !(
        typeof item === 'string' ||
        (Array.isArray(item) && item.every(isScalar))
      ),
  );
  if (invalid !== undefined) {
    throw new UsageError(
      `${where} must be a list of widths, or a list of architectures (each a list of widths or a string such as "256,256"); got ${JSON.stringify(
        invalid,
      )} in it`,
    );
  }
  return value
    .map((item) => (Array.isArray(item) ? item.join(',') : String(item)))
    .join('|');
}

function isScalar(value: unknown): value is string | number {
  return (
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** Suggests a key that differs only in case, dashes or one or two letters. */
function suggest(key: string, keys: readonly string[]): string {
  const simple = (text: string) => text.toLowerCase().replace(/[-_]/g, '');
  const match =
    keys.find((candidate) => simple(candidate) === simple(key)) ??
    keys.find((candidate) => editDistance(simple(candidate), simple(key)) <= 2);
  return match ? ` (did you mean "${match}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
