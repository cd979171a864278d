import type { CleanStep, Recipe } from './clean-types';
import type { CellId } from './ids';
import { uniqueName } from './names';
import { addCell, findCell, newCell, outputsOf, updateConfig } from './ops';
import type { Case, CellOf } from './types';
import { randomId } from '../lib/random-id';

/*
 * Edits of a clean cell's step list: pure, so that the view only forwards events. Ids are given
 * by the caller (random in the app, fixed in tests).
 */

/** A new id for a step: unique within the list. */
export function newStepId(steps: readonly CleanStep[], random: () => string = randomId): string {
  const taken = new Set(steps.map((s) => s.id));
  let id = `step-${random().slice(0, 8)}`;
  while (taken.has(id)) id = `step-${random().slice(0, 8)}`;
  return id;
}

export function appendSteps(
  steps: readonly CleanStep[],
  recipes: readonly Recipe[],
  ids: () => string,
): CleanStep[] {
  return [...steps, ...recipes.map((recipe): CleanStep => ({ ...recipe, id: ids(), enabled: true }))];
}

/** Replaces the recipe of step `id`, keeping its id and whether it is enabled. */
export function replaceRecipe(steps: readonly CleanStep[], id: string, recipe: Recipe): CleanStep[] {
  return steps.map((s) => (s.id === id ? { ...recipe, id: s.id, enabled: s.enabled } : s));
}

export function setEnabled(steps: readonly CleanStep[], id: string, enabled: boolean): CleanStep[] {
  return steps.map((s) => (s.id === id ? { ...s, enabled } : s));
}

export function removeStep(steps: readonly CleanStep[], id: string): CleanStep[] {
  return steps.filter((s) => s.id !== id);
}

/** Moves step `id` by `delta` places (−1 up, +1 down), clamped to the list. */
export function moveStep(steps: readonly CleanStep[], id: string, delta: number): CleanStep[] {
  const from = steps.findIndex((s) => s.id === id);
  const moved = steps[from];
  if (moved === undefined) return [...steps];
  const rest = steps.filter((s) => s.id !== id);
  const to = Math.max(0, Math.min(rest.length, from + delta));
  return [...rest.slice(0, to), moved, ...rest.slice(to)];
}

/** Forgets what impute steps learned, so that the next run learns it again from the data as it is. */
export function forgetFitted(steps: readonly CleanStep[], id?: string): CleanStep[] {
  return steps.map((s) => {
    if (s.recipe !== 'impute' || (id !== undefined && s.id !== id)) return s;
    const { fitted: _fitted, ...rest } = s;
    return rest;
  });
}

/**
 * Appends cleaning steps for `table` to the first clean cell below `from` that cleans it, or to a
 * new clean cell `newId` just below `from` (at the end when `from` is gone), which writes
 * `<table>_clean`. Returns the case and the clean cell's id.
 */
export function addCleanSteps(
  c: Case,
  from: CellId,
  table: string,
  recipes: readonly Recipe[],
  now: string,
  newId: CellId,
  random: () => string = randomId,
): { readonly case: Case; readonly cellId: CellId } {
  const start = c.cells.findIndex((cell) => cell.id === from);
  const target = c.cells
    .slice(start + 1)
    .find((cell): cell is CellOf<'clean'> => cell.kind === 'clean' && cell.config.input === table);
  if (target) {
    const steps = appendSteps(target.config.steps, recipes, () => newStepId(target.config.steps, random));
    return { case: updateConfig(c, target.id, 'clean', { steps }, now), cellId: target.id };
  }
  const taken = outputsOf(c);
  const output = taken.has(`${table}_clean`) ? uniqueName(`${table}_clean`, taken) : `${table}_clean`;
  const steps = recipes.reduce<CleanStep[]>(
    (acc, r) => appendSteps(acc, [r], () => newStepId(acc, random)),
    [],
  );
  const index = start === -1 ? c.cells.length : start + 1;
  const added = addCell(c, newCell('clean', newId, taken), index, now);
  const withSteps = updateConfig(added, newId, 'clean', { input: table, output, steps }, now);
  return { case: withSteps, cellId: findCell(withSteps, newId)?.id ?? newId };
}
