// Drawing of the space-time (Lamport) diagram: a horizontal line per server, time to the
// right, an arrow per message from (send time, sender) to (delivery time, receiver),
// coloured by type; a dropped message ends in ✕, a message still in flight at the end of
// the run fades out. Only messages overlapping the visible window are drawn (bucket index),
// one canvas path per type.
import type { TraceIndex } from '../trace/index.ts';
import { Fate } from '../trace/messages.ts';
import { fmtTick } from '../ui/format.ts';
import { typeColor } from '../ui/palette.ts';
import * as d3 from 'd3';

export const ST_LEFT = 64;
export const ST_TOP = 22;

export interface StWindow { t0: number; t1: number }

export interface StGeometry {
  x: d3.ScaleLinear<number, number>;
  laneY: Map<number, number>;
}

export function geometry(ix: TraceIndex, win: StWindow, width: number, height: number): StGeometry {
  const x = d3.scaleLinear().domain([win.t0, win.t1]).range([ST_LEFT, width - 12]);
  const gap = (height - ST_TOP - 14) / Math.max(1, ix.nodes.length - 1);
  const laneY = new Map(ix.nodes.map((sid, i) => [sid, ST_TOP + 8 + i * Math.min(gap, 70)]));
  return { x, laneY };
}

export function arrowEnds(ix: TraceIndex, g: StGeometry, r: number): [number, number, number, number] | undefined {
  const m = ix.messages;
  const y0 = g.laneY.get(m.from[r]!), y1 = g.laneY.get(m.to[r]!);
  if (y0 === undefined || y1 === undefined) return undefined;
  const end = m.endT[r] === Infinity ? ix.endT : m.endT[r]!;
  return [g.x(m.sendT[r]!), y0, g.x(end), y1];
}

export function drawDiagram(ctx: CanvasRenderingContext2D, ix: TraceIndex, g: StGeometry, win: StWindow, width: number, height: number, hidden: ReadonlySet<string>): number {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.font = '12px system-ui, sans-serif';
  ctx.strokeStyle = '#999'; ctx.lineWidth = 1;
  for (const [sid, y] of g.laneY) {
    ctx.fillStyle = '#222';
    ctx.fillText(`server ${sid}`, 6, y + 4);
    ctx.beginPath(); ctx.moveTo(ST_LEFT, y); ctx.lineTo(width - 12, y); ctx.stroke();
  }
  ctx.fillStyle = '#444';
  for (const t of g.x.ticks(Math.max(2, Math.floor(width / 120)))) ctx.fillText(fmtTick(t), g.x(t) + 2, 12);
  const m = ix.messages;
  const rows: number[] = [];
  m.forEachOverlapping(win.t0, win.t1, (r) => { if (!hidden.has(m.type(r))) rows.push(r); });
  const dense = rows.length > 3000;
  ctx.globalAlpha = dense ? 0.35 : 0.9;
  ctx.lineWidth = dense ? 0.7 : 1.3;
  // One path per message type (a colour), not one per arrow: the diagram is redrawn on every
  // frame that moves its window, e.g. while scrubbing.
  const byType: number[][] = m.types.map(() => []);
  for (const r of rows) byType[m.typeId[r]!]!.push(r);
  const dropped: number[] = [];
  byType.forEach((list, tid) => {
    if (!list.length) return;
    ctx.strokeStyle = ctx.fillStyle = typeColor(m.types[tid]!, m.types);
    ctx.beginPath();
    for (const r of list) {
      if (!arrowInto(ix, g, r, END)) continue;
      ctx.moveTo(END.x0, END.y0); ctx.lineTo(END.x1, END.y1);
    }
    ctx.stroke();
    if (dense) return;
    ctx.beginPath();
    for (const r of list) {
      if (m.fate[r] === Fate.Dropped) { dropped.push(r); continue; }
      if (arrowInto(ix, g, r, END)) headPath(ctx, END);
    }
    ctx.fill();
  });
  if (dropped.length) {
    ctx.strokeStyle = '#000'; ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const r of dropped) {
      if (!arrowInto(ix, g, r, END)) continue;
      const x1 = END.x1, y1 = END.y1;
      ctx.moveTo(x1 - 4, y1 - 4); ctx.lineTo(x1 + 4, y1 + 4); ctx.moveTo(x1 - 4, y1 + 4); ctx.lineTo(x1 + 4, y1 - 4);
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  if (rows.length <= 160) {
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = '#333';
    for (const r of rows) {
      if (arrowInto(ix, g, r, END) && Math.abs(END.x1 - END.x0) > 40) ctx.fillText(m.type(r), (END.x0 + END.x1) / 2 + 3, (END.y0 + END.y1) / 2 - 3);
    }
  }
  return rows.length;
}

interface Ends { x0: number; y0: number; x1: number; y1: number }

/** Scratch for an arrow's ends: drawing allocates nothing per arrow. */
const END: Ends = { x0: 0, y0: 0, x1: 0, y1: 0 };

/** Writes row r's arrow ends into `out`; false if a lane is missing. */
function arrowInto(ix: TraceIndex, g: StGeometry, r: number, out: Ends): boolean {
  const m = ix.messages;
  const y0 = g.laneY.get(m.from[r]!), y1 = g.laneY.get(m.to[r]!);
  if (y0 === undefined || y1 === undefined) return false;
  out.x0 = g.x(m.sendT[r]!); out.y0 = y0;
  out.x1 = g.x(m.endT[r] === Infinity ? ix.endT : m.endT[r]!); out.y1 = y1;
  return true;
}

const HEAD_LEN = 7, HEAD_COS = Math.cos(0.4), HEAD_SIN = Math.sin(0.4);

/** Adds an arrowhead at (x1, y1) pointing along the arrow to the current path. */
function headPath(ctx: CanvasRenderingContext2D, e: Ends): void {
  const { x1, y1 } = e, dx = x1 - e.x0, dy = y1 - e.y0;
  const len = Math.hypot(dx, dy);
  const ux = len > 0 ? dx / len : 1, uy = len > 0 ? dy / len : 0;
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - HEAD_LEN * (ux * HEAD_COS + uy * HEAD_SIN), y1 - HEAD_LEN * (uy * HEAD_COS - ux * HEAD_SIN));
  ctx.lineTo(x1 - HEAD_LEN * (ux * HEAD_COS - uy * HEAD_SIN), y1 - HEAD_LEN * (uy * HEAD_COS + ux * HEAD_SIN));
  ctx.closePath();
}

/** The row of the message whose arrow passes nearest (px, py), within 6 px. */
export function hitTest(ix: TraceIndex, g: StGeometry, win: StWindow, px: number, py: number, hidden: ReadonlySet<string>): number | null {
  let best: number | null = null, bestD = 6;
  const m = ix.messages;
  const tAt = g.x.invert(px), slack = g.x.invert(px + 400) - tAt;
  m.forEachOverlapping(Math.max(win.t0, tAt - slack), Math.min(win.t1, tAt + slack), (r) => {
    if (hidden.has(m.type(r))) return;
    const e = arrowEnds(ix, g, r);
    if (!e) return;
    const d = segDist(px, py, e);
    if (d < bestD) { bestD = d; best = r; }
  });
  return best;
}

function segDist(px: number, py: number, [x0, y0, x1, y1]: [number, number, number, number]): number {
  const dx = x1 - x0, dy = y1 - y0;
  const len = dx * dx + dy * dy;
  const k = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len));
  return Math.hypot(px - (x0 + k * dx), py - (y0 + k * dy));
}
