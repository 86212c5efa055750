// ZAB on the Timeline's lanes, drawn with the static layer (once per trace, size or zoom):
// a strip of ticks along the bottom of each server's lane where it applied committed txns
// (one tick per pixel column, however many txns fall there); the sync decision a learner got
// as a small boxed DIFF / TRUNC / SNAP label (a label that would overlap the previous one on
// its lane shrinks to a tick); and durable snapshots as small diamonds on the lane's top
// edge. Colours as the space-time's sync family (palette.ts), and each mark says its name.
// The ZAB model may still be building when the layer is first drawn: the marks then follow.
import type { ScaleLinear } from 'd3';
import type { TraceIndex } from '../trace/index.ts';
import { lowerBound, upperBound } from '../trace/search.ts';
import { hasZab, whenZab, zabIfBuilt, type MarkKind, type ZabModel } from '../trace/zab.ts';
import { SYNC_MODE_COLOR } from '../ui/palette.ts';

export const COMMIT_TICK_COLOR = '#222';

export interface LaneGeometry {
  x: ScaleLinear<number, number>;
  t0: number;
  t1: number;
  /** Top of server i's band and the band's height. */
  top(i: number): number;
  bandH: number;
}

const drawn = new WeakMap<CanvasRenderingContext2D, number>();

/**
 * Draws the marks now if the ZAB model is built, else as soon as it is (whenZab) — unless
 * the layer was redrawn meanwhile — so the first render never waits for the model.
 */
export function drawZabMarks(ctx: CanvasRenderingContext2D, ix: TraceIndex, g: LaneGeometry): void {
  const token = (drawn.get(ctx) ?? 0) + 1;
  drawn.set(ctx, token);
  if (!hasZab(ix)) return;
  const zab = zabIfBuilt(ix);
  if (zab) { drawAll(ctx, ix, zab, g); return; }
  whenZab(ix, (m) => { if (drawn.get(ctx) === token) drawAll(ctx, ix, m, g); });
}

function drawAll(ctx: CanvasRenderingContext2D, ix: TraceIndex, zab: ZabModel, g: LaneGeometry): void {
  const lane = new Map(ix.nodes.map((sid, i) => [sid, i]));
  ctx.save();
  ix.nodes.forEach((sid, i) => drawCommitStrip(ctx, zab.server(sid).commitT, g, g.top(i) + g.bandH - 4));
  drawMarks(ctx, ix, zab, g, lane);
  ctx.restore();
}

function drawCommitStrip(ctx: CanvasRenderingContext2D, times: Float64Array, g: LaneGeometry, y: number): void {
  const j0 = lowerBound(times, g.t0), j1 = upperBound(times, g.t1);
  if (j1 <= j0) return;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.75)';
  ctx.fillRect(g.x(times[j0]!) - 1, y - 1, g.x(times[j1 - 1]!) - g.x(times[j0]!) + 3, 5);
  ctx.fillStyle = COMMIT_TICK_COLOR;
  let last = -1;
  for (let j = j0; j < j1; j++) {
    const px = Math.round(g.x(times[j]!));
    if (px === last) continue;
    last = px;
    ctx.fillRect(px, y, 1, 3);
  }
}

function drawMarks(ctx: CanvasRenderingContext2D, ix: TraceIndex, zab: ZabModel, g: LaneGeometry, lane: Map<number, number>): void {
  const small = g.bandH < 14;
  ctx.font = `bold ${small ? 8 : 9}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const right = new Map<number, number>();
  for (const m of zab.marks) {
    const t = ix.times[m.idx]!;
    if (t < g.t0 || t > g.t1) continue;
    const i = lane.get(m.node);
    if (i === undefined) continue;
    const px = g.x(t), top = g.top(i);
    if (m.kind === 'snapshot') { diamond(ctx, px, top); continue; }
    const color = SYNC_MODE_COLOR[m.kind as Exclude<MarkKind, 'snapshot'>];
    // The box starts at the decision's time (left edge), so a restart marker just before it stays visible.
    const w = ctx.measureText(m.kind).width + 6, hgt = small ? 10 : 12;
    const y = top + (g.bandH - 4 - hgt) / 2;
    if (px < (right.get(i) ?? -Infinity) + 2) {
      ctx.fillStyle = color;
      ctx.fillRect(Math.round(px) - 1, y, 2, hgt);
      continue;
    }
    right.set(i, px + w);
    ctx.fillStyle = '#fff';
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.roundRect(px, y, w, hgt, 3); ctx.fill(); ctx.stroke();
    ctx.fillStyle = '#111';
    ctx.fillText(m.kind, px + w / 2, y + hgt / 2 + 0.5);
  }
  ctx.textAlign = 'start';
  ctx.textBaseline = 'alphabetic';
}

function diamond(ctx: CanvasRenderingContext2D, x: number, y: number): void {
  ctx.fillStyle = '#111';
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x, y - 3.5); ctx.lineTo(x + 3.5, y); ctx.lineTo(x, y + 3.5); ctx.lineTo(x - 3.5, y);
  ctx.closePath(); ctx.fill(); ctx.stroke();
}
