import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import type { ResultsFile } from '../src/results';
import { runCli } from './cli';

const COMPARE = [
  'compare',
  '--inits',
  'zero,he',
  '--epochs',
  '3',
  '--train-limit',
  '1000',
  '--lr',
  '0.05',
];

describe('terminal chart and --quiet', () => {
  test('compare prints a chart after the table', async () => {
    const { code, stdout, stderr } = await runCli(COMPARE);

    expect(code).toBe(0);
    const [table, chart] = stdout.trimEnd().split('\n\n');
    expect(table).toMatch(/^Test accuracy \(%\) by epoch\n/);
    const lines = chart.split('\n');
    expect(lines[0]).toMatch(
      /^Test accuracy by epoch \(epoch 1 to 3 from left to right; ▁ = 1\d\.\d\d%, █ = \d\d\.\d\d%\)$/,
    );
    // zero is the lowest value at every epoch; 3 epochs of 8 columns each.
    expect(lines[1]).toMatch(/^zero {2}▁{24} {2}1\d\.\d\d%$/);
    expect(lines[2]).toMatch(/^he {4}[▁▂▃▄▅▆▇█]{16}█{8} {2}\d\d\.\d\d%$/);
    expect(stderr).toContain('he: epoch 3/3');
  });

  test('compare --quiet prints the table only', async () => {
    const { code, stdout, stderr } = await runCli([...COMPARE, '--quiet']);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Test accuracy \(%\) by epoch\n/);
    expect(stdout).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(stdout.trimEnd().split('\n')).toHaveLength(6);
  });

  test('inspect --quiet prints the tables only', async () => {
    const { code, stdout, stderr } = await runCli([
      'inspect',
      '--inits',
      'he',
      '--depth',
      '2',
      '--examples',
      '100',
      '--quiet',
    ]);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^he\nlayer +act std +predicted +grad std\n/);
  });
});

describe('initlab report on a compare --json file', () => {
  test('writes the report beside the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'initlab-report-'));
    const json = path.join(dir, 'compare.json');
    const compared = await runCli([
      ...COMPARE,
      '--epochs',
      '2',
      '--json',
      json,
      '--quiet',
    ]);
    expect(compared.code).toBe(0);
    const results = JSON.parse(await readFile(json, 'utf8')) as ResultsFile;
    expect(results.environment?.node).toBe(process.version);
    expect(results.runs[1].confusion).toHaveLength(10);

    const { code, stderr } = await runCli(['report', json]);

    expect(code).toBe(0);
    const html = path.join(dir, 'compare.html');
    expect(stderr.trim()).toBe(`report written to ${html}`);
    expect(existsSync(html)).toBe(true);
    const text = await readFile(html, 'utf8');
    expect(text).toContain('initlab compare report');
    expect(text).toContain('2 of 2 runs finished');
    // 2 epoch charts and 2 confusion matrices; no statistics were recorded.
    expect(text.match(/<figure class="chart"/g)).toHaveLength(4);
  });

  test('a file that is not a results file exits 2', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'initlab-report-'));
    const { writeFile } = await import('node:fs/promises');
    const file = path.join(dir, 'other.json');
    await writeFile(file, '{"hello": 1}');
    const { code, stderr } = await runCli(['report', file]);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `initlab: ${file} is neither a sweep's results.json nor a compare --json file (format 1)`,
    );
  });
});
