import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import type { InspectRun } from '../src/inspect';
import { runCli } from './cli';

async function inspectJson(args: string[]): Promise<InspectRun[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'initlab-inspect-'));
  const json = path.join(dir, 'inspect.json');
  const { code, stdout } = await runCli(['inspect', ...args, '--json', json]);
  expect(code).toBe(0);
  expect(stdout).toMatch(/layer +act std +predicted +grad std/);
  return (JSON.parse(await readFile(json, 'utf8')) as { runs: InspectRun[] }).runs;
}

// Mean-field theory describes the average over weight draws of an
// infinitely wide layer. In one draw of a width-256 network the layer
// scales fluctuate multiplicatively, more so the deeper the network. On
// these 1,000 real images, 10 tanh layers agree within a factor of 1.1
// and 20 ReLU layers within a factor of 2 (seed 42: at most 1.62).
function expectAgreement(run: InspectRun, factor: number): void {
  for (const layer of run.layers) {
    const ratio = layer.activationStd / layer.predictedActivationStd;
    const deviation = Math.exp(Math.abs(Math.log(ratio)));
    expect(deviation, `${run.init} layer ${layer.layer + 1}`).toBeLessThan(factor);
  }
}

describe('initlab inspect on real MNIST', () => {
  test('tanh, 10 layers: theory matches; small init vanishes, N(0, 1) saturates', async () => {
    const runs = await inspectJson([]);
    const byInit = Object.fromEntries(runs.map((run) => [run.init, run]));

    expect(Object.keys(byInit)).toEqual(['random', 'random:stddev=1', 'xavier', 'he']);
    runs.forEach((run) => expectAgreement(run, 1.1));
    expect(byInit.random.layers[9].activationStd).toBeLessThan(1e-6);
    expect(byInit['random:stddev=1'].layers[9].activationStd).toBeGreaterThan(0.95);
    expect(byInit.xavier.layers[9].activationStd).toBeGreaterThan(0.1);
  });

  test('ReLU, 20 layers: He holds the signal, Xavier halves its variance per layer', async () => {
    const runs = await inspectJson(['--depth', '20', '--activation', 'relu', '--inits', 'he,xavier']);
    const [he, xavier] = runs;

    runs.forEach((run) => expectAgreement(run, 2));
    expect(he.layers[19].activationStd / he.layers[0].activationStd).toBeGreaterThan(0.5);
    expect(he.layers[19].activationStd / he.layers[0].activationStd).toBeLessThan(2);
    expect(xavier.layers[19].activationStd).toBeLessThan(he.layers[19].activationStd / 100);
  });

  test('LSUV gives every layer unit pre-activation variance', async () => {
    const [run] = await inspectJson(['--activation', 'relu', '--inits', 'lsuv']);

    expect(run.layers).toHaveLength(10);
    // LSUV's default tolerance: |variance - 1| < 0.1 on the batch it used,
    // which is the batch inspect measures.
    for (const layer of run.layers) {
      expect(Math.abs(layer.preActivationStd ** 2 - 1)).toBeLessThan(0.1);
    }
  });

  test('invalid options exit 2', async () => {
    const { code, stderr } = await runCli(['inspect', '--depth', '0']);

    expect(code).toBe(2);
    expect(stderr.trim()).toBe('initlab: --depth must be a positive integer; got "0"');
  });
});
