import type { Cell } from './types';

/**
 * The run the case's evaluate cell of a predictions table picks as its model (its "Model"
 * setting), read off the case as it stands now: the first evaluate cell of `predictions` that
 * picks one, null when none does. An explain cell's "the chosen model" is this run, else the
 * batch's best (src/cells/explain/source.ts).
 */
export function pickedRun(cells: readonly Cell[], predictions: string): string | null {
  const name = predictions.trim();
  if (name === '') return null;
  for (const cell of cells) {
    if (cell.kind === 'evaluate' && cell.config.input.trim() === name && cell.config.model !== null) {
      return cell.config.model;
    }
  }
  return null;
}
