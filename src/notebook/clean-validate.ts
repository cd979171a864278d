import { CAST_TARGETS, type CastTarget, type CleanStep, type ImputeMethod, type Recipe } from './clean-types';

/* Steps come back from IndexedDB and imported files as unknown: each is checked field by field. */

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumberOrNull = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isFinite(v));
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isCastTarget = (v: unknown): v is CastTarget => CAST_TARGETS.some((t) => t === v);
const IMPUTE_METHODS: readonly ImputeMethod[] = ['mean', 'median', 'mode', 'constant'];
const isImputeMethod = (v: unknown): v is ImputeMethod => IMPUTE_METHODS.some((m) => m === v);
const isFill = (v: unknown): v is string | number =>
  isString(v) || (typeof v === 'number' && Number.isFinite(v));

function isStringRecord(v: unknown): v is Record<string, string> {
  return isFields(v) && Object.values(v).every(isString);
}

/** Optional fields are copied only when present and of the right type. */
function optional<K extends string, T>(
  key: K,
  value: unknown,
  check: (v: unknown) => v is T,
): Partial<Record<K, T>> {
  if (!check(value)) return {};
  const picked: Partial<Record<K, T>> = {};
  picked[key] = value;
  return picked;
}

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

function columnRecipe(f: Fields, column: string): Recipe | null {
  switch (f['recipe']) {
    case 'cast':
      return isCastTarget(f['to']) ? { recipe: 'cast', column, to: f['to'] } : null;
    case 'parse-date':
      return isString(f['format']) ? { recipe: 'parse-date', column, format: f['format'] } : null;
    case 'trim':
      return {
        recipe: 'trim',
        column,
        ...optional('lower', f['lower'], isBoolean),
        ...optional('collapseSpaces', f['collapseSpaces'], isBoolean),
      };
    case 'placeholder-null':
      return isStringArray(f['tokens']) ? { recipe: 'placeholder-null', column, tokens: f['tokens'] } : null;
    case 'impute': {
      const method = f['method'];
      if (!isImputeMethod(method)) return null;
      const fitted = f['fitted'] === null ? { fitted: null } : optional('fitted', f['fitted'], isFill);
      const rest = {
        ...optional('value', f['value'], isFill),
        ...optional('indicator', f['indicator'], isBoolean),
      };
      return { recipe: 'impute', column, method, ...rest, ...fitted };
    }
    case 'merge-categories':
      return isStringRecord(f['mapping'])
        ? { recipe: 'merge-categories', column, mapping: f['mapping'] }
        : null;
    case 'clip-outliers': {
      const { lower, upper, action } = f;
      if (!isNumberOrNull(lower) || !isNumberOrNull(upper)) return null;
      return { recipe: 'clip-outliers', column, lower, upper, action: action === 'drop' ? 'drop' : 'clip' };
    }
    default:
      return null;
  }
}

function otherRecipe(f: Fields): Recipe | null {
  switch (f['recipe']) {
    case 'dedupe': {
      if (f['mode'] === 'exact') return { recipe: 'dedupe', mode: 'exact' };
      const { keys, orderBy } = f;
      if (f['mode'] !== 'key' || !isStringArray(keys) || !isString(orderBy)) return null;
      return { recipe: 'dedupe', mode: 'key', keys, orderBy, keepLatest: true };
    }
    case 'filter':
      return isString(f['where']) ? { recipe: 'filter', where: f['where'] } : null;
    case 'drop-columns':
      return isStringArray(f['columns']) ? { recipe: 'drop-columns', columns: f['columns'] } : null;
    case 'rename':
      return isString(f['from']) && isString(f['to'])
        ? { recipe: 'rename', from: f['from'], to: f['to'] }
        : null;
    case 'sql':
      return isString(f['sql']) ? { recipe: 'sql', sql: f['sql'] } : null;
    default:
      return null;
  }
}

/** A recipe (a proposal, or a step without its id) from unknown JSON; null when it is not one. */
export function parseRecipe(raw: unknown): Recipe | null {
  if (!isFields(raw)) return null;
  const column = raw['column'];
  return (isString(column) ? columnRecipe(raw, column) : null) ?? otherRecipe(raw);
}

/** A stored step from unknown JSON, or null; unknown extra fields are dropped. */
export function parseCleanStep(raw: unknown): CleanStep | null {
  if (!isFields(raw) || !isString(raw['id'])) return null;
  const recipe = parseRecipe(raw);
  if (recipe === null) return null;
  return { ...recipe, id: raw['id'], enabled: raw['enabled'] !== false };
}
