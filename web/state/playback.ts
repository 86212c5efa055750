// Play/pause over virtual time. The frame loop (requestAnimationFrame) is kept apart from
// what a frame does (advance t by speed × elapsed wall time): like d3's timer vs tick.
// Speed is simulated time per wall time on a log scale; several runs can be driven in
// lockstep (the compare page), and the loop stops at the end of the longest run.
import { Store } from './store.ts';
import { setTime, type RunStore } from './runState.ts';

/** Slider position 0..1000 → speed ×1e-4 .. ×10 real time (log scale). */
export const SPEED_MIN_LOG = -4;
export const SPEED_MAX_LOG = 1;
export function speedFromSlider(v: number): number {
  return 10 ** (SPEED_MIN_LOG + ((SPEED_MAX_LOG - SPEED_MIN_LOG) * v) / 1000);
}
export function sliderFromSpeed(speed: number): number {
  return Math.round(((Math.log10(speed) - SPEED_MIN_LOG) / (SPEED_MAX_LOG - SPEED_MIN_LOG)) * 1000);
}

export interface PlayState {
  playing: boolean;
  /** Simulated seconds per wall second. */
  speed: number;
}

export class Playback {
  readonly state = new Store<PlayState>({ playing: false, speed: 0.01 });
  private raf = 0;
  private last = 0;

  constructor(private readonly runs: () => readonly RunStore[]) {}

  toggle(): void {
    if (this.state.get().playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.state.get().playing) return;
    const ends = this.runs().map((r) => r.get());
    if (ends.every((s) => !s.ix || s.t >= s.ix.endT)) for (const r of this.runs()) setTime(r, 0);
    this.state.set({ playing: true });
    this.last = performance.now();
    this.raf = requestAnimationFrame((now) => this.frame(now));
  }

  pause(): void {
    cancelAnimationFrame(this.raf);
    this.state.set({ playing: false });
  }

  private frame(now: number): void {
    const dtMs = Math.min(100, now - this.last);
    this.last = now;
    const advanceUs = dtMs * 1000 * this.state.get().speed;
    let running = false;
    for (const r of this.runs()) {
      const s = r.get();
      if (!s.ix) continue;
      setTime(r, s.t + advanceUs);
      if (s.t + advanceUs < s.ix.endT) running = true;
    }
    if (!running) {
      this.pause();
      return;
    }
    this.raf = requestAnimationFrame((n) => this.frame(n));
  }
}
