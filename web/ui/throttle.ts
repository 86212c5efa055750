// Coalesces redraws of views whose rebuild is not per-frame cheap (the ZAB log and the
// prefix comparison rebuild a table): while the time keeps moving, at most one rebuild every
// `gapMs`, and always one after the last request, so the view settles on the final state.
export class Throttle {
  private last = -Infinity;
  private timer = 0;

  constructor(private readonly fn: () => void, private readonly gapMs = 120) {}

  request(): void {
    if (this.timer) return;
    const wait = this.last + this.gapMs - performance.now();
    if (wait <= 0) { this.run(); return; }
    this.timer = window.setTimeout(() => { this.timer = 0; this.run(); }, wait);
  }

  /** Runs now (a new trace, another server picked), dropping any pending run. */
  now(): void {
    clearTimeout(this.timer);
    this.timer = 0;
    this.run();
  }

  private run(): void {
    this.last = performance.now();
    this.fn();
  }
}
