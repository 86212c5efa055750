// Keyboard shortcuts: space plays/pauses, ←/→ step one event, Shift+←/→ jump to the
// previous/next state change, ↑/↓ the previous/next captioned moment, Home/End. Keys typed
// into a text field, a select or a button keep their usual meaning.
import type { Transport } from './controls.ts';

export function installKeys(tr: Transport, moment: (dir: 1 | -1) => void): () => void {
  const onKey = (e: KeyboardEvent) => {
    const el = e.target as HTMLElement | null;
    const tag = el?.tagName ?? '';
    if (tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && (el as HTMLInputElement).type !== 'range')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    switch (e.key) {
      case ' ': if (tag === 'BUTTON') return; tr.toggle(); break;
      case 'ArrowRight': if (e.shiftKey) tr.jump(1); else tr.step(1); break;
      case 'ArrowLeft': if (e.shiftKey) tr.jump(-1); else tr.step(-1); break;
      case 'ArrowDown': moment(1); break;
      case 'ArrowUp': moment(-1); break;
      case 'Home': tr.home(); break;
      case 'End': tr.end(); break;
      default: return;
    }
    e.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
