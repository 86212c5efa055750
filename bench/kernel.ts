// Kernel benchmarks: the hold model (pending events, each pop schedules one more) and
// timer churn (set + cancel pairs), plus the bare-heap baseline on the same workload.
import { Kernel } from '../engine/kernel/kernel.ts';
import { Sim } from '../engine/sim/sim.ts';
import type { NodeContext } from '../engine/sim/process.ts';
import { baselineHeapHold } from './baselineHeap.ts';
import { xorshift } from './xorshift.ts';

const PENDING = 1_000;
const POPS = 2_000_000;

export function measure(fn: () => void, ops: number): number {
  const t0 = performance.now();
  fn();
  return ops / ((performance.now() - t0) / 1000);
}

export function kernelEventsPerS(): number {
  const rnd = xorshift(42);
  const k = new Kernel({ seed: 1 });
  const handler = () => { k.after(rnd() % 1001, handler); };
  for (let i = 0; i < PENDING; i++) k.after(rnd() % 1001, handler);
  return measure(() => { for (let i = 0; i < POPS; i++) k.step(); }, POPS);
}

export function baselineHeapEventsPerS(): number {
  const rnd = xorshift(42);
  return measure(() => baselineHeapHold(PENDING, POPS, () => rnd() % 1001), POPS);
}

const CHURN = 2_000_000;

/** Kernel-level: schedule a timer and cancel it, with PENDING other events in the queue. */
export function timerChurnPerS(): number {
  const rnd = xorshift(7);
  const k = new Kernel({ seed: 1 });
  const noop = () => {};
  for (let i = 0; i < PENDING; i++) k.after(rnd() % 1_000_000, noop);
  return measure(() => {
    for (let i = 0; i < CHURN; i++) k.cancel(k.after(rnd() % 1_000_000, noop));
  }, CHURN);
}

/** Protocol-level: a node re-arming a named timer (what election and ping timers do). */
export function nodeTimerChurnPerS(): number {
  const sim = new Sim({ seed: 1 });
  let ctx!: NodeContext;
  sim.addNode(1, () => ({ start(c) { ctx = c; } }));
  sim.start(1);
  const rnd = xorshift(9);
  return measure(() => {
    for (let i = 0; i < CHURN; i++) ctx.setTimer(i & 1 ? 'a' : 'b', 1 + (rnd() % 1_000_000));
  }, CHURN);
}
