import {
  CAST_TARGETS,
  type CastTarget,
  type ImputeMethod,
  type Recipe,
  type RecipeName,
} from '../../data/clean';
import { AppError, assertNever } from '../../lib/errors';

/** The recipes the "add step" form offers, in its order, with what the menu says of each. */
export const RECIPES: readonly { readonly name: RecipeName; readonly label: string }[] = [
  { name: 'placeholder-null', label: 'Placeholders to NULL' },
  { name: 'trim', label: 'Trim and normalise text' },
  { name: 'cast', label: 'Cast to a type' },
  { name: 'parse-date', label: 'Parse dates' },
  { name: 'impute', label: 'Fill missing values' },
  { name: 'merge-categories', label: 'Merge near-duplicate categories' },
  { name: 'clip-outliers', label: 'Clip or drop outliers' },
  { name: 'dedupe', label: 'Remove duplicates' },
  { name: 'filter', label: 'Filter rows' },
  { name: 'drop-columns', label: 'Drop columns' },
  { name: 'rename', label: 'Rename a column' },
  { name: 'sql', label: 'SQL over the previous step' },
];

/** Every field of the form, as the inputs hold them (text and flags); one recipe reads a few. */
export interface StepForm {
  recipe: RecipeName;
  column: string;
  castTo: CastTarget;
  format: string;
  lower: boolean;
  collapseSpaces: boolean;
  /** One token per line; an empty line stands for blank text. */
  tokens: string;
  blank: boolean;
  method: ImputeMethod;
  fillValue: string;
  indicator: boolean;
  /** Value as found → value it becomes (kept as data: values differ by spaces that text would lose). */
  mapping: Record<string, string>;
  lowerBound: string;
  upperBound: string;
  outlierAction: 'clip' | 'drop';
  dedupeMode: 'exact' | 'key';
  keys: string[];
  orderBy: string;
  where: string;
  columns: string[];
  renameTo: string;
  sql: string;
}

export const DATE_FORMATS = [
  '%Y-%m-%d',
  '%d/%m/%Y',
  '%m/%d/%Y',
  '%d.%m.%Y',
  '%Y/%m/%d',
  '%Y-%m-%d %H:%M:%S',
  '%d-%b-%Y',
];

export function emptyForm(recipe: RecipeName = 'placeholder-null', column = ''): StepForm {
  return {
    recipe,
    column,
    castTo: 'DOUBLE',
    format: '%Y-%m-%d',
    lower: false,
    collapseSpaces: true,
    tokens: 'N/A\nunknown\n?',
    blank: true,
    method: 'median',
    fillValue: '',
    indicator: true,
    mapping: {},
    lowerBound: '',
    upperBound: '',
    outlierAction: 'clip',
    dedupeMode: 'exact',
    keys: [],
    orderBy: '',
    where: '',
    columns: [],
    renameTo: '',
    sql: 'SELECT * FROM input',
  };
}

const invalid = (message: string): never => {
  throw new AppError('bad-input', message);
};

function needColumn(form: StepForm): string {
  return form.column.trim() === '' ? invalid('Choose the column this step changes.') : form.column;
}

/** A bound typed by the user: empty is "no bound"; anything else must be a number. */
function bound(text: string, side: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : invalid(`The ${side} bound "${text}" is not a number.`);
}

function fillValue(form: StepForm): string | number {
  const text = form.fillValue;
  if (text.trim() === '') return invalid('Write the value that fills the missing ones.');
  const n = Number(text);
  return Number.isFinite(n) && text.trim() !== '' ? n : text;
}

function columnRecipe(form: StepForm): Recipe {
  const column = needColumn(form);
  switch (form.recipe) {
    case 'cast':
      return { recipe: 'cast', column, to: form.castTo };
    case 'parse-date':
      return form.format.trim() === ''
        ? invalid('Write the date format, such as %d/%m/%Y.')
        : { recipe: 'parse-date', column, format: form.format.trim() };
    case 'trim':
      return { recipe: 'trim', column, lower: form.lower, collapseSpaces: form.collapseSpaces };
    case 'placeholder-null': {
      const tokens = form.tokens
        .split('\n')
        .map((t) => t.trim())
        .filter((t) => t !== '');
      const all = form.blank ? ['', ...tokens] : tokens;
      return all.length === 0
        ? invalid('List at least one placeholder, or tick "blank text".')
        : { recipe: 'placeholder-null', column, tokens: all };
    }
    case 'impute':
      return form.method === 'constant'
        ? { recipe: 'impute', column, method: 'constant', value: fillValue(form), indicator: form.indicator }
        : { recipe: 'impute', column, method: form.method, indicator: form.indicator };
    case 'merge-categories':
      return Object.keys(form.mapping).length === 0
        ? invalid('No values to merge: press "Find similar values" and tick the groups to merge.')
        : { recipe: 'merge-categories', column, mapping: { ...form.mapping } };
    case 'clip-outliers': {
      const lower = bound(form.lowerBound, 'lower');
      const upper = bound(form.upperBound, 'upper');
      if (lower === null && upper === null) invalid('Give a lower bound, an upper bound, or both.');
      if (lower !== null && upper !== null && lower > upper)
        invalid('The lower bound is above the upper bound.');
      return { recipe: 'clip-outliers', column, lower, upper, action: form.outlierAction };
    }
    default:
      return invalid(`"${form.recipe}" does not change one column.`);
  }
}

/** The recipe the form describes, or an error that says which field to fix. */
export function recipeFromForm(form: StepForm): Recipe {
  switch (form.recipe) {
    case 'cast':
    case 'parse-date':
    case 'trim':
    case 'placeholder-null':
    case 'impute':
    case 'merge-categories':
    case 'clip-outliers':
      return columnRecipe(form);
    case 'dedupe':
      if (form.dedupeMode === 'exact') return { recipe: 'dedupe', mode: 'exact' };
      if (form.keys.length === 0) return invalid('Choose the key columns: one row is kept per key.');
      if (form.orderBy === '') return invalid('Choose the column that says which row is the latest.');
      return { recipe: 'dedupe', mode: 'key', keys: form.keys, orderBy: form.orderBy, keepLatest: true };
    case 'filter':
      return form.where.trim() === ''
        ? invalid('Write the condition rows must meet to be kept, such as amount > 0.')
        : { recipe: 'filter', where: form.where.trim() };
    case 'drop-columns':
      return form.columns.length === 0
        ? invalid('Choose the columns to drop.')
        : { recipe: 'drop-columns', columns: form.columns };
    case 'rename': {
      const to = form.renameTo.trim();
      if (to === '') return invalid('Write the new name.');
      return { recipe: 'rename', from: needColumn(form), to };
    }
    case 'sql':
      return form.sql.trim() === ''
        ? invalid('Write a query that reads the previous step as "input".')
        : { recipe: 'sql', sql: form.sql };
    default:
      return assertNever(form.recipe);
  }
}

/** The form filled from a step, to edit it. */
export function formFromRecipe(recipe: Recipe): StepForm {
  const form = emptyForm(recipe.recipe, 'column' in recipe ? recipe.column : '');
  switch (recipe.recipe) {
    case 'cast':
      return { ...form, castTo: recipe.to };
    case 'parse-date':
      return { ...form, format: recipe.format };
    case 'trim':
      return { ...form, lower: recipe.lower ?? false, collapseSpaces: recipe.collapseSpaces ?? false };
    case 'placeholder-null':
      return {
        ...form,
        blank: recipe.tokens.includes(''),
        tokens: recipe.tokens.filter((t) => t !== '').join('\n'),
      };
    case 'impute':
      return {
        ...form,
        method: recipe.method,
        fillValue: String(recipe.value ?? ''),
        indicator: recipe.indicator ?? false,
      };
    case 'merge-categories':
      return { ...form, mapping: { ...recipe.mapping } };
    case 'clip-outliers':
      return {
        ...form,
        lowerBound: recipe.lower === null ? '' : String(recipe.lower),
        upperBound: recipe.upper === null ? '' : String(recipe.upper),
        outlierAction: recipe.action ?? 'clip',
      };
    case 'dedupe':
      return recipe.mode === 'exact'
        ? { ...form, dedupeMode: 'exact' }
        : { ...form, dedupeMode: 'key', keys: [...recipe.keys], orderBy: recipe.orderBy };
    case 'filter':
      return { ...form, where: recipe.where };
    case 'drop-columns':
      return { ...form, columns: [...recipe.columns] };
    case 'rename':
      return { ...form, column: recipe.from, renameTo: recipe.to };
    case 'sql':
      return { ...form, sql: recipe.sql };
    default:
      return assertNever(recipe);
  }
}

export const castTargets: readonly CastTarget[] = CAST_TARGETS;
