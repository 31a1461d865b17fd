/**
 * Measures matMul throughput on one backend at the shapes of the classic
 * MLP's training step, in plain form and in the transposed forms that a
 * backward pass can use instead.
 *
 * Each plain case is timed twice: with the same right operand in every call,
 * and with a right operand that the backend has not seen before. The wasm
 * backend of tfjs 4.22 builds an XNNPACK operator for each right operand,
 * which repacks that operand, and caches it by tensor. A training step
 * multiplies by new tensors only, since every update replaces the weights.
 *
 * Arguments: --backend NAME --calls N (calls per timed block) --blocks N.
 */
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';

import { useBackend, type BackendName } from '../lib/backends';
import { median } from '../lib/stats';
import { runTask } from '../lib/task';

/** One matMul to time: `a` is [m, k] and `b` is [k, n] after transposes. */
interface MatMulCase {
  name: string;
  /** Operand form: plain, transposed by `tf.transpose`, or by a matMul flag. */
  form: 'plain' | 'explicit transpose' | 'transposeA' | 'transposeB';
  /** The operand stored transposed, as the step stores `x` and `W2`. */
  transposed?: 'a' | 'b';
  m: number;
  k: number;
  n: number;
  /** Whether this plain matMul is one of the step's, counted in its ceiling. */
  inStep: boolean;
  /** Whether each call gets a right operand that no earlier call used. */
  newOperand?: boolean;
}

const B = 128;
const KERNEL_1_GRADIENT = { name: 'x^T d1 (kernel 1 gradient)', m: 784, k: B, n: 128 };
const HIDDEN_GRADIENT = { name: 'd2 W2^T (hidden gradient)', m: B, k: 10, n: 128 };
const STEP_CASES: MatMulCase[] = [
  { name: 'x W1 (forward)', form: 'plain', m: B, k: 784, n: 128, inStep: true },
  { name: 'h W2 (forward)', form: 'plain', m: B, k: 128, n: 10, inStep: true },
  { ...KERNEL_1_GRADIENT, form: 'plain', inStep: true },
  { name: 'h^T d2 (kernel 2 gradient)', form: 'plain', m: 128, k: B, n: 10, inStep: true },
  { ...HIDDEN_GRADIENT, form: 'plain', inStep: true },
];
const CASES: MatMulCase[] = [
  ...STEP_CASES,
  ...STEP_CASES.map((c) => ({ ...c, newOperand: true })),
  { ...KERNEL_1_GRADIENT, form: 'explicit transpose', transposed: 'a', inStep: false },
  { ...KERNEL_1_GRADIENT, form: 'transposeA', transposed: 'a', inStep: false },
  { ...HIDDEN_GRADIENT, form: 'explicit transpose', transposed: 'b', inStep: false },
  { ...HIDDEN_GRADIENT, form: 'transposeB', transposed: 'b', inStep: false },
];

/**
 * Returns the case's operands, stored as the step has them, and a function
 * that runs it once. A case with `newOperand` gets `calls` right operands,
 * and each run uses the next one and disposes it, as a step disposes the
 * weights that an update replaced.
 */
function prepare(c: MatMulCase, calls: number): { run: () => tf.Tensor; inputs: tf.Tensor[] } {
  const aShape: [number, number] = c.transposed === 'a' ? [c.k, c.m] : [c.m, c.k];
  const bShape: [number, number] = c.transposed === 'b' ? [c.n, c.k] : [c.k, c.n];
  const a = tf.randomNormal(aShape, 0, 1, 'float32', 1);
  if (c.newOperand) {
    const operands = Array.from({ length: calls }, (_, i) =>
      tf.randomNormal(bShape, 0, 1, 'float32', 2 + i),
    );
    let next = 0;
    const run = () => {
      const b = operands[next++];
      const out = tf.matMul(a, b);
      b.dispose();
      return out;
    };
    return { run, inputs: [a, ...operands] };
  }
  const b = tf.randomNormal(bShape, 0, 1, 'float32', 2);
  const inputs = [a, b];
  switch (c.form) {
    case 'plain':
    case 'transposeA':
    case 'transposeB':
      return { run: () => tf.matMul(a, b, c.form === 'transposeA', c.form === 'transposeB'), inputs };
    case 'explicit transpose':
      return {
        run: () =>
          tf.tidy(() =>
            c.transposed === 'a' ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, tf.transpose(b)),
          ),
        inputs,
      };
  }
}

/** Number of untimed calls before the timed blocks. */
function warmUpCalls(calls: number): number {
  return Math.max(3, Math.ceil(calls / 10));
}

/** Returns the median seconds per call over `blocks` blocks of `calls` calls. */
function timeCase(run: () => tf.Tensor, calls: number, blocks: number): number {
  for (let i = 0; i < warmUpCalls(calls); i++) run().dispose();
  const perCall: number[] = [];
  for (let block = 0; block < blocks; block++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) {
      const out = run();
      // Reading one value waits for the result on asynchronous backends.
      if (i === calls - 1) out.dataSync();
      out.dispose();
    }
    perCall.push((performance.now() - started) / 1000 / calls);
  }
  return median(perCall);
}

runTask(async () => {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'wasm' },
      calls: { type: 'string', default: '50' },
      blocks: { type: 'string', default: '5' },
    },
  });
  const backend = await useBackend(values.backend as BackendName);
  const calls = Number(values.calls);
  const blocks = Number(values.blocks);
  const results = CASES.map((c) => {
    const { run, inputs } = prepare(c, warmUpCalls(calls) + calls * blocks);
    const seconds = timeCase(run, calls, blocks);
    tf.dispose(inputs.filter((tensor) => !tensor.isDisposed));
    const flops = 2 * c.m * c.k * c.n;
    return { ...c, flops, seconds, gflops: flops / seconds / 1e9 };
  });
  return { backend, calls, blocks, cases: results };
});
