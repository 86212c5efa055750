// The kernel: the virtual clock, the single event queue and the run loop. Everything that
// happens in a run — a message arriving, a timer firing, an fsync finishing, a fault — is
// an event here, executed in (time, insertion sequence) order. The kernel never reads a
// real clock; `now` only moves when an event is popped.
import { fail } from './assert.ts';
import { EventQueue, type EventId, type Handler } from './queue.ts';
import { RandomStreams } from './random.ts';
import type { Micros } from './time.ts';

export interface KernelOptions {
  seed: string | number;
}

export class Kernel {
  /** Current virtual time in microseconds. */
  now: Micros = 0;
  /** Events executed so far. */
  steps = 0;
  readonly queue = new EventQueue();
  readonly random: RandomStreams;
  readonly seed: string;

  constructor(opts: KernelOptions) {
    this.seed = String(opts.seed);
    this.random = new RandomStreams(this.seed);
  }

  /** Schedules `fn(arg)` at absolute time `time` (never in the past). */
  at(time: Micros, fn: Handler, arg?: unknown): EventId {
    if (!(time >= this.now)) fail(`Kernel.at: ${time} is before now (${this.now})`);
    if (!Number.isSafeInteger(time)) fail(`Kernel.at: ${time} is not a whole number of µs`);
    return this.queue.push(time, fn, arg);
  }

  /** Schedules `fn(arg)` after `delay` microseconds. */
  after(delay: Micros, fn: Handler, arg?: unknown): EventId {
    if (!(delay >= 0)) fail(`Kernel.after: negative delay ${delay}`);
    if (!Number.isSafeInteger(delay)) fail(`Kernel.after: ${delay} is not a whole number of µs`);
    return this.queue.push(this.now + delay, fn, arg);
  }

  cancel(id: EventId): boolean {
    return this.queue.cancel(id);
  }

  /** Runs the next event; false when nothing is pending. */
  step(): boolean {
    if (!this.queue.popInto(this)) return false;
    this.steps++;
    return true;
  }

  /** Runs every event up to and including `time`, then sets the clock to `time`. */
  runUntilTime(time: Micros): void {
    const q = this.queue;
    while (q.peekTime() <= time) {
      q.popInto(this);
      this.steps++;
    }
    if (time > this.now && Number.isFinite(time)) this.now = time;
  }

  /**
   * Runs until `done()` holds (checked before each event) or virtual time would pass
   * `limit`. Returns whether `done()` held.
   */
  runUntil(done: () => boolean, limit: Micros): boolean {
    const q = this.queue;
    for (;;) {
      if (done()) return true;
      if (q.peekTime() > limit) {
        if (limit > this.now) this.now = limit;
        return done();
      }
      q.popInto(this);
      this.steps++;
    }
  }
}
