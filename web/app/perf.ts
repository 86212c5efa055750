// Marks for tests and the benchmark: when the first trace was fully rendered (ms since the
// page started loading) and a counter of renders. Exposed as window.__zksim and as
// data-ready on <body>; nothing in the UI depends on them.
interface ZksimProbe {
  firstRenderMs?: number;
  renders: number;
}

declare global {
  interface Window { __zksim?: ZksimProbe }
}

export function markRendered(): void {
  const probe = (window.__zksim ??= { renders: 0 });
  probe.renders++;
  // After the store's microtask flush and one frame: the views have drawn.
  performance.mark('zksim:views');
  requestAnimationFrame(() => {
    probe.firstRenderMs ??= performance.now();
    document.body.dataset.ready = String(probe.renders);
  });
}
