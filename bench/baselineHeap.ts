// The yardstick for the kernel queue: a bare binary min-heap on typed arrays, keyed by
// (time, sequence), with no handlers, no cancellation and no slots. The kernel must reach
// at least half its throughput on the same hold-model workload.

export function baselineHeapHold(pending: number, pops: number, nextDelay: () => number): number {
  const cap = pending + 1;
  const time = new Float64Array(cap);
  const seq = new Float64Array(cap);
  let size = 0;
  let s = 0;
  const push = (t: number) => {
    let i = size++;
    const q = s++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (t > time[p]! || (t === time[p]! && q > seq[p]!)) break;
      time[i] = time[p]!;
      seq[i] = seq[p]!;
      i = p;
    }
    time[i] = t;
    seq[i] = q;
  };
  const pop = (): number => {
    const top = time[0]!;
    const n = --size;
    const t = time[n]!, q = seq[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (time[c + 1]! < time[c]! || (time[c + 1] === time[c] && seq[c + 1]! < seq[c]!))) c++;
      if (t < time[c]! || (t === time[c] && q < seq[c]!)) break;
      time[i] = time[c]!;
      seq[i] = seq[c]!;
      i = c;
    }
    time[i] = t;
    seq[i] = q;
    return top;
  };
  for (let i = 0; i < pending; i++) push(nextDelay());
  let now = 0;
  for (let i = 0; i < pops; i++) {
    now = pop();
    push(now + nextDelay());
  }
  return now;
}
