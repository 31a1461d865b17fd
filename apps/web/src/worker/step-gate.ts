/**
 * Keeps concurrent training runs in lockstep and lets the page pause,
 * resume and single-step them. Each run calls {@link StepGate.arrive} after
 * every training step. When every active run has arrived, the round is
 * complete: `onRound` is called, and the runs go on at once while running,
 * or one more round per `step()` while paused. Closing releases them all.
 */
export class StepGate {
  private running = false;
  private closed = false;
  private stepsAllowed = 0;
  private active: number;
  private waiting: (() => void)[] = [];
  private roundReported = false;
  private roundStartedAt = performance.now();
  private readonly onRound: (milliseconds: number) => void;

  /**
   * @param runs - number of runs that will call arrive()
   * @param onRound - called once per round when every active run has
   *   arrived, with the wall-clock milliseconds since the round began
   */
  constructor(runs: number, onRound: (milliseconds: number) => void) {
    this.active = runs;
    this.onRound = onRound;
  }

  /** Whether the runs go on by themselves. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Resolves when this run may take its next step. */
  arrive(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const released = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.update();
    return released;
  }

  /** Removes a run that has finished, so the others need not wait for it. */
  leave(): void {
    this.active--;
    this.update();
  }

  run(): void {
    this.running = true;
    this.update();
  }

  pause(): void {
    this.running = false;
  }

  /** Lets every run take one more step, then pauses them again. */
  step(): void {
    this.running = false;
    this.stepsAllowed++;
    this.update();
  }

  /** Releases every run for good, as when the session is reset. */
  close(): void {
    this.closed = true;
    this.release();
  }

  private update(): void {
    const complete = this.waiting.length > 0 && this.waiting.length >= this.active;
    if (!complete || this.closed) return;
    if (!this.roundReported) {
      this.roundReported = true;
      this.onRound(performance.now() - this.roundStartedAt);
    }
    if (this.running) {
      this.release();
    } else if (this.stepsAllowed > 0) {
      this.stepsAllowed--;
      this.release();
    }
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    this.roundReported = false;
    // A macrotask between rounds lets the worker handle the page's
    // messages (pause, predict) while training runs.
    yieldToEventLoop().then(() => {
      this.roundStartedAt = performance.now();
      waiting.forEach((resolve) => resolve());
    });
  }
}

const channel = new MessageChannel();
const pending: (() => void)[] = [];
channel.port1.onmessage = () => pending.shift()?.();

/**
 * Resolves after the worker has handled its queued messages. A
 * MessageChannel is not throttled to 4 ms like a nested setTimeout.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    pending.push(resolve);
    channel.port2.postMessage(null);
  });
}
