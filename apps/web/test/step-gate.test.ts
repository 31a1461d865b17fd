import { describe, expect, it } from 'vitest';

import { StepGate } from '../src/worker/step-gate';

/** Resolves after pending message-channel tasks and promise jobs have run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * Starts `runs` loops that each take `steps` steps, calling arrive() after
 * each, and returns the number of steps each has taken so far.
 */
function startRuns(gate: StepGate, runs: number, steps: number): number[] {
  const stepsTaken = Array<number>(runs).fill(0);
  for (let run = 0; run < runs; run++) {
    void (async () => {
      for (let step = 1; step <= steps; step++) {
        stepsTaken[run] = step;
        await gate.arrive();
      }
      gate.leave();
    })();
  }
  return stepsTaken;
}

describe('StepGate', () => {
  it('stops every run after one step until run()', async () => {
    const gate = new StepGate(3, () => {});
    const stepsTaken = startRuns(gate, 3, 10);
    await settle();

    expect(stepsTaken).toEqual([1, 1, 1]);

    gate.run();
    await settle();

    expect(stepsTaken).toEqual([10, 10, 10]);
  });

  it('steps every run once per step()', async () => {
    const gate = new StepGate(2, () => {});
    const stepsTaken = startRuns(gate, 2, 10);
    await settle();

    gate.step();
    await settle();
    expect(stepsTaken).toEqual([2, 2]);

    gate.step();
    gate.step();
    await settle();
    expect(stepsTaken).toEqual([4, 4]);
  });

  it('keeps the runs in lockstep and reports each round once', async () => {
    const rounds: number[] = [];
    const stepsTaken = [0, 0];
    const gate = new StepGate(2, () => rounds.push(Math.max(...stepsTaken)));
    for (const run of [0, 1]) {
      void (async () => {
        for (let step = 1; step <= 5; step++) {
          stepsTaken[run] = step;
          expect(Math.abs(stepsTaken[0] - stepsTaken[1])).toBeLessThanOrEqual(1);
          // Run 1 is slower, so run 0 must wait for it at every step.
          if (run === 1) await settle();
          await gate.arrive();
        }
        gate.leave();
      })();
    }
    gate.run();
    await new Promise((resolve) => setTimeout(resolve, 400));

    expect(stepsTaken).toEqual([5, 5]);
    expect(rounds).toEqual([1, 2, 3, 4, 5]);
  });

  it('pauses after the current round', async () => {
    let rounds = 0;
    const gate: StepGate = new StepGate(2, () => {
      rounds++;
      if (rounds === 5) gate.pause();
    });
    const stepsTaken = startRuns(gate, 2, 1000);
    gate.run();
    await settle();

    expect(stepsTaken).toEqual([5, 5]);

    gate.run();
    await settle();

    expect(stepsTaken).toEqual([1000, 1000]);
  });

  it('does not wait for a run that has left', async () => {
    const gate = new StepGate(2, () => {});
    const short = startRuns(gate, 1, 2);
    const long = startRuns(gate, 1, 6);
    gate.run();
    await settle();

    expect(short).toEqual([2]);
    expect(long).toEqual([6]);
  });

  it('releases every run when closed', async () => {
    const gate = new StepGate(2, () => {});
    const stepsTaken = startRuns(gate, 2, 3);
    await settle();
    gate.close();
    await settle();

    expect(stepsTaken).toEqual([3, 3]);
  });
});
