// The transport bar under the views: play/pause, speed on a log scale, step one event,
// jump to the next/previous state change, start/end, a scrub slider and the current time.
// With several runs (the compare page) everything moves them in lockstep by time. The
// keyboard shortcuts (keys.ts) call the same functions.
import { Playback, sliderFromSpeed, speedFromSlider } from '../state/playback.ts';
import { jumpStateChange, setTime, stepEvent, type RunStore } from '../state/runState.ts';
import { h, setText } from './dom.ts';
import { fmtSpeed, fmtTime } from './format.ts';

export interface Transport {
  toggle(): void;
  step(dir: 1 | -1): void;
  jump(dir: 1 | -1): void;
  home(): void;
  end(): void;
}

export function transport(playback: Playback, runs: () => readonly RunStore[]): Transport {
  const lockstepTo = (pick: (r: RunStore) => number | undefined, dir: 1 | -1) => {
    const ts = runs().map(pick).filter((t): t is number => t !== undefined);
    if (!ts.length) return;
    const t = dir > 0 ? Math.min(...ts) : Math.max(...ts);
    for (const r of runs()) setTime(r, t);
  };
  return {
    toggle: () => playback.toggle(),
    step: (dir) => {
      playback.pause();
      const rs = runs();
      if (rs.length === 1) { stepEvent(rs[0]!, dir); return; }
      lockstepTo((r) => { const { ix, cursor } = r.get(); return ix?.times[cursor + (dir > 0 ? 1 : 0)]; }, dir);
    },
    jump: (dir) => {
      playback.pause();
      const rs = runs();
      if (rs.length === 1) { jumpStateChange(rs[0]!, dir); return; }
      lockstepTo((r) => {
        const { ix, cursor } = r.get();
        if (!ix) return undefined;
        const i = dir > 0 ? ix.states.nextChange(cursor) : ix.states.prevChange(cursor);
        return i >= 0 ? ix.times[i] : undefined;
      }, dir);
    },
    home: () => { playback.pause(); for (const r of runs()) setTime(r, 0); },
    end: () => { playback.pause(); for (const r of runs()) setTime(r, r.get().ix?.endT ?? 0); },
  };
}

export function controlsBar(playback: Playback, runs: () => readonly RunStore[], tr: Transport): HTMLElement {
  const btn = (label: string, title: string, testid: string, fn: () => void) =>
    h('button', { type: 'button', class: 'tbtn', title, 'aria-label': title, 'data-testid': testid, onclick: fn }, label);
  const play = btn('▶', 'Play / pause (space)', 'play', () => tr.toggle());
  const speed = h('input', { type: 'range', min: 0, max: 1000, value: sliderFromSpeed(playback.state.get().speed), 'aria-label': 'Speed (log scale)', class: 'speed' });
  const speedLabel = h('span', { class: 'speed-label' });
  speed.addEventListener('input', () => playback.state.set({ speed: speedFromSlider(Number(speed.value)) }));
  const scrub = h('input', { type: 'range', min: 0, max: 1000, value: 0, step: 'any', class: 'scrub', 'aria-label': 'Time', 'data-testid': 'scrub' });
  scrub.addEventListener('input', () => {
    const end = Math.max(...runs().map((r) => r.get().ix?.endT ?? 0));
    for (const r of runs()) setTime(r, (Number(scrub.value) / 1000) * end);
  });
  // The two labels that change every frame while scrubbing: the text sits in a box of fixed
  // size inside each (a flex item itself cannot be a relayout boundary), so a new value lays
  // out that box, not the bar.
  const clockText = h('span', { class: 'fixed-text' });
  const evText = h('span', { class: 'fixed-text' });
  const clock = h('span', { class: 'clock', 'data-testid': 'clock' }, clockText);
  const evLabel = h('span', { class: 'ev-label' }, evText);
  const bar = h('div', { class: 'controls' },
    btn('⇤', 'Start (Home)', 'home', () => tr.home()),
    btn('«', 'Previous state change (Shift+←)', 'prev-change', () => tr.jump(-1)),
    btn('‹', 'Previous event (←)', 'prev-event', () => tr.step(-1)),
    play,
    btn('›', 'Next event (→)', 'next-event', () => tr.step(1)),
    btn('»', 'Next state change (Shift+→)', 'next-change', () => tr.jump(1)),
    btn('⇥', 'End (End)', 'end', () => tr.end()),
    h('label', { class: 'speed-box' }, 'speed ', speed, speedLabel),
    scrub, clock, evLabel,
    h('span', { class: 'keys-hint', title: 'Keyboard: space play/pause · ←/→ one event · Shift+←/→ next state change · ↑/↓ key moments · Home/End' }, '⌨'),
  );
  const refresh = () => {
    const ps = playback.state.get();
    setText(play, ps.playing ? '⏸' : '▶');
    setText(speedLabel, fmtSpeed(ps.speed));
    const first = runs()[0]?.get();
    const end = Math.max(...runs().map((r) => r.get().ix?.endT ?? 0), 1);
    if (!first?.ix) return;
    if (document.activeElement !== scrub) scrub.value = String((first.t / end) * 1000);
    setText(clockText, `t = ${fmtTime(first.t)} / ${fmtTime(end)}`);
    const { ix, cursor } = first;
    const n = ix.times.length;
    setText(evText, cursor >= 0 && cursor < n ? `event ${cursor + 1} of ${n}: ${ix.eventNames[ix.nameIds[cursor]!]}` : `before the first event (${n} events)`);
  };
  playback.state.subscribe(refresh);
  for (const r of runs()) r.subscribe(refresh);
  refresh();
  return bar;
}
