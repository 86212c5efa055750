// The menu that opens when a server is clicked in the Cluster view: crash or restart it
// now (each becomes a fault at the current time, and the run is redone), pick it for one
// side of a partition, or read its votes. Loaded trace files cannot take faults: the menu
// says so instead of offering them.
import type { RunState } from '../state/runState.ts';
import { fmtTime } from '../ui/format.ts';
import { fill, h } from '../ui/dom.ts';
import type { NodeGlyph } from './clusterNodes.ts';
import type { ViewContext } from './view.ts';

export class NodeMenu {
  readonly el = h('div', { class: 'node-menu', role: 'menu', hidden: true });
  private node: NodeGlyph | null = null;

  constructor(private readonly ctx: ViewContext) {
    this.el.addEventListener('click', (e) => e.stopPropagation());
  }

  open(n: NodeGlyph, s: Readonly<RunState>): void {
    this.node = n;
    this.el.hidden = false;
    this.refresh(s);
  }

  close(): void {
    this.node = null;
    this.el.hidden = true;
  }

  refresh(s: Readonly<RunState>): void {
    const n = this.node;
    if (!n || !s.ix) return;
    const status = s.ix.states.at(n.sid, s.cursor).status;
    const down = status === 'DOWN';
    const off = status === 'OFF';
    const at = fmtTime(s.t);
    const edit = this.ctx.actions.canEdit();
    const act = (label: string, testid: string, fn: () => void, disabled = false) =>
      h('button', { type: 'button', 'data-testid': testid, disabled: disabled || !edit, onclick: () => { fn(); this.close(); } }, label);
    const picked = s.picked.has(n.sid);
    fill(this.el,
      h('div', { class: 'menu-title' }, `Server ${n.sid} · ${status}`),
      down || off
        ? act(`Restart server ${n.sid} at ${at}`, 'restart-node', () => this.ctx.actions.addFault({ kind: 'restart', node: n.sid }), off)
        : act(`Crash server ${n.sid} at ${at}`, 'crash-node', () => this.ctx.actions.addFault({ kind: 'crash', node: n.sid })),
      h('button', {
        type: 'button', 'data-testid': 'pick-node',
        onclick: () => {
          const next = new Set(this.ctx.run.get().picked);
          if (picked) next.delete(n.sid); else next.add(n.sid);
          this.ctx.run.set({ picked: next });
          this.close();
        },
      }, picked ? 'Unpick (partition side)' : 'Pick for a partition side'),
      h('button', { type: 'button', onclick: () => { this.ctx.actions.showTab('votes'); this.close(); } }, `Votes of server ${n.sid}`),
      edit ? null : h('div', { class: 'menu-note' }, 'A loaded trace file is fixed: run the scenario live to add faults.'),
    );
    const box = this.el.parentElement?.getBoundingClientRect();
    const svgBox = this.el.parentElement?.querySelector('svg')?.getBoundingClientRect();
    if (box && svgBox) {
      const vb = (this.el.parentElement!.querySelector('svg')!.getAttribute('viewBox') ?? '0 0 1 1').split(' ').map(Number);
      const sx = svgBox.width / (vb[2] || 1), sy = svgBox.height / (vb[3] || 1);
      const x = n.x * sx + n.r * sx + 8, y = n.y * sy - 20;
      this.el.style.left = `${Math.min(Math.max(0, x), box.width - 230)}px`;
      this.el.style.top = `${Math.min(Math.max(0, y), box.height - 160)}px`;
    }
  }
}
