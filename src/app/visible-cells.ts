import { asCellId, type CellId } from '../notebook/ids';

/**
 * Follows which cell frames (`[data-cell-id]` under `root`) are on screen, and tells `onChange`
 * the whole set each time it changes: the runtime builds those cells first (issue 21). Returns the
 * function that stops it. Call again when the cells change: a new observer reports every frame.
 */
export function watchVisibleCells(root: HTMLElement, onChange: (ids: readonly CellId[]) => void): () => void {
  const visible = new Set<CellId>();
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const id = cellIdOf(entry.target);
      if (id === null) continue;
      if (entry.isIntersecting) visible.add(id);
      else visible.delete(id);
    }
    onChange([...visible]);
  });
  for (const frame of root.querySelectorAll('[data-cell-id]')) observer.observe(frame);
  return () => observer.disconnect();
}

/** Brings back into view the first of `ids` in the page's order (where the case was left); none: nothing. */
export function scrollToCells(root: HTMLElement, ids: readonly CellId[]): void {
  if (ids.length === 0) return;
  const wanted = new Set<string>(ids);
  const frame = [...root.querySelectorAll('[data-cell-id]')].find((f) => {
    const id = cellIdOf(f);
    return id !== null && wanted.has(id);
  });
  frame?.scrollIntoView({ block: 'start' });
}

function cellIdOf(element: Element): CellId | null {
  const id = element.getAttribute('data-cell-id');
  return id === null ? null : asCellId(id);
}
