import type { CategoryGroup, DateFormatGuess, RecipeName } from '../../data/clean';

/* What the cleaning step form decides as it is edited: pure, so it is tested without a browser. */

const ONE_COLUMN: ReadonlySet<RecipeName> = new Set<RecipeName>([
  'cast',
  'parse-date',
  'trim',
  'placeholder-null',
  'impute',
  'merge-categories',
  'clip-outliers',
  'rename',
]);

/** Whether a recipe works on one column (the form asks for it). */
export const readsOneColumn = (recipe: RecipeName): boolean => ONE_COLUMN.has(recipe);

/** What the form says of a detected date format: how much it parses, and what parses as much. */
export function dateGuessNote(guess: DateFormatGuess): string {
  if (guess.format === null) return 'No known date format matches these values: write the format yourself.';
  const share = `${(guess.share * 100).toFixed(1)}% of the distinct values parse`;
  const also =
    guess.alsoMatches.length > 0
      ? `; ${guess.alsoMatches.join(', ')} parses as many: check the order of day and month`
      : '';
  return `${share}${also}.`;
}

/**
 * The mapping with a group of similar values merged into its canonical value (`on`) or no longer
 * merged. Built with `fromEntries`, so a value named "__proto__" stays data.
 */
export function withGroup(
  mapping: Readonly<Record<string, string>>,
  group: CategoryGroup,
  on: boolean,
): Record<string, string> {
  const next = new Map(Object.entries(mapping));
  for (const { value } of group.values) {
    if (value === group.canonical) continue;
    if (on) next.set(value, group.canonical);
    else next.delete(value);
  }
  return Object.fromEntries(next);
}

/** The mapping without the replacement of `from`. */
export function withoutValue(
  mapping: Readonly<Record<string, string>>,
  from: string,
): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).filter(([key]) => key !== from));
}

/** A value as it is, quotes and spaces visible. */
export const shownValue = (value: string): string => JSON.stringify(value);
