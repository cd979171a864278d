import { describe, expect, it } from 'vitest';
import type { CleanStep } from './clean-types';
import {
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
