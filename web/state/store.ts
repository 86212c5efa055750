// A small observable store: views subscribe and get the new state plus the set of keys
// that changed, batched per microtask, so that many `set` calls in one task (a click that
// moves time and selects a node) cost one update, and a view redraws only what depends on
// the keys that changed.
export type Listener<S> = (s: Readonly<S>, changed: ReadonlySet<keyof S>) => void;

export class Store<S extends object> {
  private s: S;
  private changed = new Set<keyof S>();
  private scheduled = false;
  private readonly listeners: Listener<S>[] = [];

  constructor(initial: S) {
    this.s = initial;
  }

  get(): Readonly<S> {
    return this.s;
  }

  set(patch: Partial<S>): void {
    let any = false;
    for (const k of Object.keys(patch) as (keyof S)[]) {
      if (Object.is(this.s[k], patch[k])) continue;
      any = true;
      this.changed.add(k);
    }
    if (!any) return;
    this.s = { ...this.s, ...patch };
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  subscribe(fn: Listener<S>): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Tells every listener now (also used once at mount, with every key "changed"). */
  flush(): void {
    this.scheduled = false;
    const changed = this.changed;
    this.changed = new Set();
    for (const fn of [...this.listeners]) fn(this.s, changed);
  }
}
