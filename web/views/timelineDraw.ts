// Drawing for the Timeline view, kept apart from its interaction: the static layer (a lane
// per server with its state bands, hatched when down; partition periods as tinted bands
// across all lanes; crash ✕ and restart ▲ markers; heal lines; the time axis) is drawn once
// per trace, size or zoom change; the cursor is an element the view moves (timeline.ts).
import * as d3 from 'd3';
import type { TraceIndex } from '../trace/index.ts';
import { anyCut, type Cuts } from '../trace/links.ts';
import { num, obj } from '../trace/fields.ts';
import { fmtTick } from '../ui/format.ts';
import { STATUS_COLOR } from '../ui/palette.ts';
import { drawZabMarks } from './timelineZab.ts';

export const GUTTER = 74;
export const AXIS_H = 20;

/** Lanes shrink for big ensembles so the timeline leaves room for the cluster. */
export function laneH(lanes: number): number {
  return lanes > 5 ? 16 : 22;
}

export interface TimeWindow { t0: number; t1: number }

export function laneY(i: number, lanes: number): number {
  return AXIS_H + 6 + i * laneH(lanes);
}

export function xScale(win: TimeWindow, width: number): d3.ScaleLinear<number, number> {
  return d3.scaleLinear().domain([win.t0, win.t1]).range([GUTTER, width - 10]);
}

function hatch(ctx: CanvasRenderingContext2D): CanvasPattern | string {
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const p = c.getContext('2d')!;
  p.fillStyle = STATUS_COLOR.DOWN; p.fillRect(0, 0, 8, 8);
  p.strokeStyle = '#9a9a9a'; p.lineWidth = 2;
  p.beginPath(); p.moveTo(0, 8); p.lineTo(8, 0); p.stroke();
  return ctx.createPattern(c, 'repeat') ?? STATUS_COLOR.DOWN;
}

function cutLabel(c: Cuts): string {
  const parts: string[] = [];
  if (c.groups.length) parts.push(c.groups.map((g) => `{${g.join(',')}}`).join('|'));
  if (c.isolated.length) parts.push(`isolated ${c.isolated.join(',')}`);
  if (c.oneWay.length) parts.push(c.oneWay.map(([a, b]) => `${a}↛${b}`).join(' '));
  return parts.join(' ');
}

export function drawStatic(ctx: CanvasRenderingContext2D, ix: TraceIndex, win: TimeWindow, width: number, height: number, background: string): void {
  const x = xScale(win, width);
  const tx = (t: number) => Math.max(GUTTER, Math.min(width - 10, x(t)));
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  ctx.font = '12px system-ui, sans-serif';
  const L = ix.nodes.length, LANE_H = laneH(L);
  const lanesBottom = laneY(L, L);
  // Partition periods behind the lanes.
  const cuts = ix.links.cuts;
  for (let k = 0; k < cuts.idx.length; k++) {
    const c = cuts.val[k]!;
    if (!anyCut(c)) continue;
    const a = ix.times[cuts.idx[k]!]!, b = k + 1 < cuts.idx.length ? ix.times[cuts.idx[k + 1]!]! : ix.endT;
    if (b < win.t0 || a > win.t1) continue;
    ctx.fillStyle = 'rgba(213, 94, 0, 0.12)';
    ctx.fillRect(tx(a), AXIS_H, Math.max(2, tx(b) - tx(a)), lanesBottom - AXIS_H);
    ctx.fillStyle = '#a14400';
    ctx.fillText(`✂ ${cutLabel(c)}`, tx(a) + 3, lanesBottom + 12);
  }
  const down = hatch(ctx);
  ix.nodes.forEach((sid, i) => {
    const y = laneY(i, L);
    ctx.fillStyle = '#222';
    ctx.textBaseline = 'middle';
    ctx.fillText(`server ${sid}`, 6, y + LANE_H / 2 - 2);
    const ch = ix.states.changes(sid);
    for (let k = 0; k < ch.length; k++) {
      const a = ix.times[ch[k]!.idx]!, b = k + 1 < ch.length ? ix.times[ch[k + 1]!.idx]! : ix.endT;
      if (b < win.t0 || a > win.t1) continue;
      const st = ch[k]!.status;
      ctx.fillStyle = st === 'DOWN' ? down : STATUS_COLOR[st];
      ctx.fillRect(tx(a), y, Math.max(1, tx(b) - tx(a)), LANE_H - 5);
    }
  });
  ctx.textBaseline = 'alphabetic';
  // ZAB: commit ticks, sync decisions, snapshots (timelineZab.ts).
  drawZabMarks(ctx, ix, { x, t0: win.t0, t1: win.t1, top: (i) => laneY(i, L), bandH: LANE_H - 5 });
  // Markers: crash ✕, restart ▲, heal line.
  drawMarkers(ctx, ix, win, width, lanesBottom);
  // Axis.
  ctx.fillStyle = '#444';
  ctx.strokeStyle = '#bbb';
  ctx.beginPath(); ctx.moveTo(GUTTER, AXIS_H); ctx.lineTo(width - 10, AXIS_H); ctx.stroke();
  for (const t of x.ticks(Math.max(2, Math.floor((width - GUTTER) / 110)))) {
    ctx.beginPath(); ctx.moveTo(x(t), AXIS_H - 4); ctx.lineTo(x(t), AXIS_H); ctx.stroke();
    ctx.fillText(fmtTick(t), x(t) + 2, AXIS_H - 7);
  }
}

function drawMarkers(ctx: CanvasRenderingContext2D, ix: TraceIndex, win: TimeWindow, width: number, bottom: number): void {
  const x = xScale(win, width);
  const L = ix.nodes.length, LANE_H = laneH(L);
  const lane = new Map(ix.nodes.map((sid, i) => [sid, laneY(i, L)]));
  ctx.font = 'bold 13px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (const m of ix.moments) {
    if (m.kind !== 'node' && m.kind !== 'fault') continue;
    const ev = ix.events[m.idx]!;
    if (ev.t < win.t0 || ev.t > win.t1) continue;
    const px = x(ev.t);
    if (ev.e === 'node.crash' || ev.e === 'node.start') {
      const y = lane.get(num(ev, 'node'));
      if (y === undefined) continue;
      ctx.fillStyle = ev.e === 'node.crash' ? '#000' : '#0072B2';
      ctx.fillText(ev.e === 'node.crash' ? '✕' : '▲', px, y + LANE_H / 2);
    } else if (obj(ev, 'fault')?.kind === 'heal') {
      ctx.strokeStyle = '#009E73'; ctx.setLineDash([3, 3]);
      ctx.beginPath(); ctx.moveTo(px, AXIS_H); ctx.lineTo(px, bottom); ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#00704f';
      ctx.fillText('heal', px, bottom + 12);
    }
  }
  ctx.textAlign = 'start';
}

/** Where the cursor line is drawn for time t (a pixel centre, as the canvas would stroke it). */
export function cursorX(win: TimeWindow, width: number, t: number): number {
  return Math.round(xScale(win, width)(t)) + 0.5;
}
