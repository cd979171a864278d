import { describe, expect, it } from 'vitest';
import { toStep, type CleanStep, type Recipe } from './clean-types';
import { parseCleanStep, parseRecipe } from './clean-validate';

const RECIPES: Recipe[] = [
  { recipe: 'cast', column: 'a', to: 'BOOLEAN' },
  { recipe: 'parse-date', column: 'a', format: '%Y' },
  { recipe: 'trim', column: 'a', lower: true, collapseSpaces: false },
  { recipe: 'placeholder-null', column: 'a', tokens: ['', 'n/a'] },
  { recipe: 'impute', column: 'a', method: 'mean', indicator: true, fitted: 2.5 },
  { recipe: 'impute', column: 'a', method: 'mode', fitted: null },
  { recipe: 'impute', column: 'a', method: 'constant', value: 'x' },
  { recipe: 'merge-categories', column: 'a', mapping: { x: 'y' } },
  { recipe: 'clip-outliers', column: 'a', lower: null, upper: 3, action: 'drop' },
  { recipe: 'dedupe', mode: 'exact' },
  { recipe: 'dedupe', mode: 'key', keys: ['a'], orderBy: 'b', keepLatest: true },
  { recipe: 'filter', where: 'a > 1' },
  { recipe: 'drop-columns', columns: ['a'] },
  { recipe: 'rename', from: 'a', to: 'b' },
  { recipe: 'sql', sql: 'SELECT * FROM input' },
];

describe('parseCleanStep', () => {
  it('reads back every recipe saved as JSON', () => {
    for (const [i, recipe] of RECIPES.entries()) {
      const step: CleanStep = { ...toStep(recipe, `s${i}`), enabled: i % 2 === 0 };
      expect(parseCleanStep(JSON.parse(JSON.stringify(step)))).toEqual(step);
    }
  });

  it('accepts the profile’s proposals, with the defaults', () => {
    expect(parseRecipe({ recipe: 'clip-outliers', column: 'a', lower: 1, upper: 2 })).toEqual({
      recipe: 'clip-outliers',
      column: 'a',
      lower: 1,
      upper: 2,
      action: 'clip',
    });
    expect(parseRecipe({ recipe: 'trim', column: 'a' })).toEqual({ recipe: 'trim', column: 'a' });
  });

  it('rejects what is not a step', () => {
    for (const raw of [
      null,
      [],
      { id: 's', recipe: 'cast', column: 'a', to: 'TEXT' },
      { id: 's', recipe: 'teleport', column: 'a' },
      { id: 's', recipe: 'merge-categories', column: 'a', mapping: { x: 1 } },
      { id: 's', recipe: 'dedupe', mode: 'key', keys: 'a', orderBy: 'b' },
      { recipe: 'filter', where: 'x' },
    ]) {
      expect(parseCleanStep(raw)).toBeNull();
    }
  });
});
