import { describe, expect, it } from 'vitest';
import type { CleanStep } from './clean-types';
import { asCaseId, asCellId } from './ids';
import { addCell, createCase, newCell, updateConfig } from './ops';
import { LATER, NOW, deepFreeze } from './test-helpers';
import type { Case, CellOf } from './types';

function cleanAt(c: Case, i: number): CellOf<'clean'> {
  const cell = c.cells[i];
  if (cell?.kind !== 'clean') throw new Error(`cell ${i} is not a clean cell`);
  return cell;
}
import {
  addCleanSteps,
  appendSteps,
  forgetFitted,
  moveStep,
  newStepId,
  removeStep,
  replaceRecipe,
  setEnabled,
} from './clean-steps';

const steps: CleanStep[] = [
  { id: 'a', enabled: true, recipe: 'trim', column: 'x' },
  { id: 'b', enabled: true, recipe: 'impute', column: 'y', method: 'mean', fitted: 2 },
  { id: 'c', enabled: false, recipe: 'dedupe', mode: 'exact' },
];
const ids = (s: readonly CleanStep[]) => s.map((x) => x.id);

describe('clean step edits', () => {
  it('moves a step up and down, clamped at the ends', () => {
    expect(ids(moveStep(steps, 'c', -1))).toEqual(['a', 'c', 'b']);
    expect(ids(moveStep(steps, 'a', -1))).toEqual(['a', 'b', 'c']);
    expect(ids(moveStep(steps, 'a', 5))).toEqual(['b', 'c', 'a']);
    expect(ids(moveStep(steps, 'zz', 1))).toEqual(['a', 'b', 'c']);
  });

  it('removes, disables and replaces without touching the others', () => {
    expect(ids(removeStep(steps, 'b'))).toEqual(['a', 'c']);
    expect(setEnabled(steps, 'c', true)[2]?.enabled).toBe(true);
    const replaced = replaceRecipe(steps, 'c', { recipe: 'filter', where: 'x > 1' });
    expect(replaced[2]).toEqual({ id: 'c', enabled: false, recipe: 'filter', where: 'x > 1' });
    expect(replaced[0]).toBe(steps[0]);
  });

  it('appends enabled steps with fresh ids', () => {
    let n = 0;
    const out = appendSteps(steps, [{ recipe: 'dedupe', mode: 'exact' }], () => `n${n++}`);
    expect(out.at(-1)).toEqual({ id: 'n0', enabled: true, recipe: 'dedupe', mode: 'exact' });
  });

  it('forgets learned values so the next run learns them again', () => {
    const out = forgetFitted(steps);
    expect(out[1]).toEqual({ id: 'b', enabled: true, recipe: 'impute', column: 'y', method: 'mean' });
    expect('fitted' in (out[1] ?? {})).toBe(false);
  });

  it('gives ids that are not taken', () => {
    const values = ['aaaaaaaa-1', 'bbbbbbbb-2'];
    const id = newStepId(
      [{ id: 'step-aaaaaaaa', enabled: true, recipe: 'dedupe', mode: 'exact' }],
      () => values.shift() ?? 'c',
    );
    expect(id).toBe('step-bbbbbbbb');
  });
});

describe('adding cleaning steps from a profile', () => {
  const profiled = (): Case => {
    let c = createCase(asCaseId('k'), 'K', NOW);
    c = addCell(c, newCell('profile', asCellId('p1'), new Set()), 0, NOW);
    c = updateConfig(c, asCellId('p1'), 'profile', { input: 'people' }, NOW);
    return deepFreeze(c);
  };
  const random = (): (() => string) => {
    let n = 0;
    return () => `${++n}`.padStart(8, '0');
  };
  const trim = { recipe: 'trim', column: 'name' } as const;
  const dedupe = { recipe: 'dedupe', mode: 'exact' } as const;

  it('makes a clean cell below the profile, writing <table>_clean, with the steps enabled', () => {
    const { case: c, cellId } = addCleanSteps(
      profiled(),
      asCellId('p1'),
      'people',
      [trim, dedupe],
      LATER,
      asCellId('n1'),
      random(),
    );
    expect(cellId).toBe('n1');
    expect(c.cells.map((cell) => cell.id)).toEqual(['p1', 'n1']);
    const cell = c.cells[1];
    expect(cell?.kind).toBe('clean');
    expect(cell?.reads).toEqual(['people']);
    expect(cell?.config).toEqual({
      input: 'people',
      output: 'people_clean',
      steps: [
        { ...trim, id: 'step-00000001', enabled: true },
        { ...dedupe, id: 'step-00000002', enabled: true },
      ],
    });
  });

  it('appends to the clean cell below that cleans the table, and names a new one apart', () => {
    const first = addCleanSteps(
      profiled(),
      asCellId('p1'),
      'people',
      [trim],
      LATER,
      asCellId('n1'),
      random(),
    );
    const again = addCleanSteps(
      first.case,
      asCellId('p1'),
      'people',
      [dedupe],
      LATER,
      asCellId('n2'),
      random(),
    );
    expect(again.cellId).toBe('n1');
    expect(again.case.cells).toHaveLength(2);
    const cell = cleanAt(again.case, 1);
    expect(cell.config.steps.map((s) => s.recipe)).toEqual(['trim', 'dedupe']);
    expect(new Set(cell.config.steps.map((s) => s.id)).size).toBe(2);
    // Another table's steps go to a new cell; its name is free of the first one's.
    const other = addCleanSteps(
      again.case,
      asCellId('p1'),
      'people_clean',
      [trim],
      LATER,
      asCellId('n3'),
      random(),
    );
    expect(other.case.cells.map((c) => c.id)).toEqual(['p1', 'n3', 'n1']);
    expect(cleanAt(other.case, 1).config.output).toBe('people_clean_clean');
  });
});
