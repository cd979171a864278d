import type { CellId } from '../../notebook/ids';
import type { ReportSettings } from '../../notebook/types';

/** One line of the report dialog's checklist. */
export interface ChoiceItem {
  readonly id: CellId;
  readonly included: boolean;
}

/**
 * The checklist, from the cells that can go in (document order) and the saved settings: saved
 * cells first in their saved order, then the others, ticked only when nothing was chosen yet.
 */
export function initialChoice(
  reportable: readonly CellId[],
  saved: ReportSettings | undefined,
): ChoiceItem[] {
  if (!saved || saved.cells === null) return reportable.map((id) => ({ id, included: true }));
  const can = new Set(reportable);
  const chosen = saved.cells.filter((id) => can.has(id));
  const taken = new Set(chosen);
  return [
    ...chosen.map((id) => ({ id, included: true })),
    ...reportable.filter((id) => !taken.has(id)).map((id) => ({ id, included: false })),
  ];
}

/** The item at `index` moved by `delta` places (clamped); the same list when it cannot move. */
export function moveItem(items: readonly ChoiceItem[], index: number, delta: -1 | 1): ChoiceItem[] {
  const to = index + delta;
  const item = items[index];
  if (item === undefined || to < 0 || to >= items.length) return [...items];
  const next = items.filter((_, i) => i !== index);
  next.splice(to, 0, item);
  return next;
}

export function toggleItem(items: readonly ChoiceItem[], index: number): ChoiceItem[] {
  return items.map((item, i) => (i === index ? { ...item, included: !item.included } : item));
}

/** What is saved with the case. */
export function settingsOf(items: readonly ChoiceItem[], summary: string): ReportSettings {
  return { summary, cells: items.filter((i) => i.included).map((i) => i.id) };
}
