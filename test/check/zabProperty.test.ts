// Property: random valid ZAB histories (zabModel.ts: one leader per epoch, crashes,
// restarts with replays and snapshots, TRUNC/DIFF/SNAP syncs, unsynced data lost) never
// fire any ZAB checker, and after healing every live server converges to the same state,
// at or past the last committed zxid. And a random single corruption of such a history
// fires the checker made for it: two deliveries swapped (LocalPrimaryOrder within an
// epoch, GlobalPrimaryOrder across epochs), one applied txn changed (Integrity), a
// committed txn dropped from a later leader's history (CommittedNotLost).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/trace/sink.ts';
import { ZabCheckers } from '../../engine/check/zab.ts';
import { verifierFor } from '../../engine/zk/config/verifier.ts';
import { epochOf } from '../../engine/zk/zxid.ts';
import { ensemble } from './events.ts';
import { fired } from './zabEvents.ts';
import { ACTIONS, ZabModel, type Action, type ModelRun } from './zabModel.ts';

const RUNS = 200;
/** How often each action is drawn: mostly progress, some faults. */
const WEIGHTS: Record<Action['kind'], number> = {
  propose: 6, replicate: 8, fsync: 4, commit: 6, apply: 8, crash: 1, restart: 3, elect: 3, join: 3, stepDown: 1,
};
const actionArb: fc.Arbitrary<Action> = fc.record({
  kind: fc.oneof(...ACTIONS.map((k) => ({ arbitrary: fc.constant(k), weight: WEIGHTS[k] }))),
  a: fc.nat(60),
});
const runArb = fc.record({
  n: fc.integer({ min: 3, max: 5 }),
  actions: fc.array(actionArb, { minLength: 60, maxLength: 250 }),
});

function play(r: { n: number; actions: Action[] }, heal = false): ModelRun {
  const m = new ZabModel(r.n);
  const run = m.run([{ kind: 'elect', a: 0 }, ...r.actions]);
  return heal ? m.heal() : run;
}

const verifiers = [3, 4, 5].map((n) => verifierFor(ensemble(n)));

function check(n: number, events: readonly TraceEvent[]): { names: string[]; messages: string[]; checkers: ZabCheckers } {
  const checkers = new ZabCheckers({ verifier: verifiers[n - 3]! });
  for (const ev of events) checkers.observe(ev);
  const vs = checkers.finish(events[events.length - 1]?.t ?? 0);
  return { names: fired(vs), messages: vs.map((v) => `${v.checker}: ${v.message}`), checkers };
}

const field = (ev: TraceEvent, k: string) => ev[k] as number;

/** Consecutive fresh deliveries (i, j) of one server, with nothing between them that cuts its history. */
function swapCandidates(run: ModelRun): [number, number][] {
  const out: [number, number][] = [];
  const proposedAt = new Map<number, number>();
  run.events.forEach((ev, i) => { if (ev.e === 'zab.propose' && !proposedAt.has(field(ev, 'zxid'))) proposedAt.set(field(ev, 'zxid'), i); });
  const last = new Map<number, number>();
  run.events.forEach((ev, j) => {
    const sid = field(ev, 'node');
    if (['zab.trunc', 'zab.recovered', 'zab.snapSync', 'node.crash', 'node.start'].includes(ev.e)) last.delete(sid);
    if (!run.deliveries.has(j)) return;
    const i = last.get(sid);
    last.set(sid, j);
    if (i === undefined) return;
    const [a, b] = [field(run.events[i]!, 'zxid'), field(ev, 'zxid')];
    if (epochOf(a) !== epochOf(b) || proposedAt.get(b)! < i) out.push([i, j]);
  });
  return out;
}

/** (leader, zxid, BROADCAST index): a leader reaching BROADCAST after zxid, of an earlier epoch, was committed. */
function dropCandidates(run: ModelRun): { leader: number; zxid: number }[] {
  const out: { leader: number; zxid: number }[] = [];
  const committed: number[] = [];
  const established = new Map<number, number>();
  const snapped = new Set<number>();
  for (const ev of run.events) {
    const sid = field(ev, 'node');
    if (ev.e === 'zab.commit') committed.push(field(ev, 'zxid'));
    else if (ev.e === 'zab.snapSync') snapped.add(sid);
    else if (ev.e === 'zab.established') established.set(sid, field(ev, 'epoch'));
    else if (ev.e === 'zk.zabState' && ev['zabState'] === 'BROADCAST' && established.has(sid) && !snapped.has(sid)) {
      for (const z of committed) if (epochOf(z) < established.get(sid)!) out.push({ leader: sid, zxid: z });
      established.delete(sid);
    }
  }
  return out;
}

describe('ZAB checkers on random histories', () => {
  it('never fire on a valid history, and the healed ensemble converges', () => {
    fc.assert(fc.property(runArb, (r) => {
      const run = play(r, true);
      const { messages, checkers } = check(r.n, run.events);
      expect(messages).toEqual([]);
      const c = checkers.convergence({ atLeastZxid: run.lastCommitted });
      expect(c.message).toMatch(/converged/);
      expect(c.converged).toBe(true);
    }), { numRuns: RUNS });
  });

  it('fire LocalPrimaryOrder or GlobalPrimaryOrder when two deliveries are swapped', () => {
    fc.assert(fc.property(runArb, fc.boolean(), fc.nat(), (r, acrossEpochs, pick) => {
      const run = play(r);
      const epochs = (i: number) => epochOf(field(run.events[i]!, 'zxid'));
      const cands = swapCandidates(run).filter(([i, j]) => (epochs(i) !== epochs(j)) === acrossEpochs);
      fc.pre(cands.length > 0);
      const [i, j] = cands[pick % cands.length]!;
      const events = run.events.slice();
      const [a, b] = [events[i]!, events[j]!];
      events[i] = { ...a, zxid: b['zxid'], txn: b['txn'], digest: b['digest'] };
      events[j] = { ...b, zxid: a['zxid'], txn: a['txn'], digest: a['digest'] };
      const sameEpoch = epochOf(field(a, 'zxid')) === epochOf(field(b, 'zxid'));
      expect(check(r.n, events).names).toContain(sameEpoch ? 'LocalPrimaryOrder' : 'GlobalPrimaryOrder');
    }), { numRuns: RUNS });
  });

  it('fire Integrity when one applied txn is changed', () => {
    fc.assert(fc.property(runArb, fc.nat(), (r, pick) => {
      const run = play(r);
      const cands = [...run.deliveries];
      fc.pre(cands.length > 0);
      const d = cands[pick % cands.length]!;
      const events = run.events.slice();
      events[d] = { ...events[d]!, txn: { type: 'setData', path: '/evil', data: 'x' } };
      expect(check(r.n, events).names).toContain('Integrity');
    }), { numRuns: RUNS });
  });

  it('fire CommittedNotLost when a committed txn is dropped from a later leader\'s history', () => {
    fc.assert(fc.property(runArb, fc.nat(), (r, pick) => {
      const run = play(r);
      const cands = dropCandidates(run);
      fc.pre(cands.length > 0);
      const { leader, zxid } = cands[pick % cands.length]!;
      const events = run.events.filter((ev) =>
        !((ev.e === 'zab.apply' || ev.e === 'zab.logged') && ev['node'] === leader && ev['zxid'] === zxid));
      expect(check(r.n, events).names).toContain('CommittedNotLost');
    }), { numRuns: RUNS });
  });
});
