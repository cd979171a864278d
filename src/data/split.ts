import { AppError, assertNever } from '../lib/errors';
import type { FeatureTask } from '../notebook/feature-types';
import type { SplitSpec } from '../notebook/types';
import type { SqlEngine } from './engine';
import { quoteIdent, quoteLiteral } from './sql';

/** A time split without a cutoff validates on this share of the latest rows. */
export const DEFAULT_TIME_SHARE = 0.2;

/** The columns every split table adds to its input. */
export const ROW_ID = '__row_id';
export const SPLIT = '__split';

function checkShare(share: number): void {
  if (!(share > 0 && share < 1)) {
    throw new AppError('bad-input', `The validation share must be between 0 and 1, not ${share}.`);
  }
}

function seedOf(seed: number): string {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new AppError('bad-input', `The seed must be a whole number ≥ 0, not ${seed}.`);
  }
  return String(seed);
}

/** The values a split column may hold, as lower-case trimmed text, and the side each one means. */
export const SPLIT_COLUMN_VALUES: Readonly<Record<string, 'train' | 'validation' | 'test'>> = {
  train: 'train',
  validation: 'validation',
  test: 'test',
  '0': 'train',
  '1': 'validation',
  // 0/1 read from a DOUBLE or DECIMAL column, and a BOOLEAN "is validation" flag.
  '0.0': 'train',
  '1.0': 'validation',
  false: 'train',
  true: 'validation',
};

/** What a split column's values mean, for messages and the form. */
export const SPLIT_COLUMN_RULE =
  'train, validation or test (in any case), or 0 = train and 1 = validation (false/true alike); test rows are left out';

const columnValue = (column: string): string => `lower(trim(CAST(${quoteIdent(column)} AS VARCHAR)))`;

/**
 * The side named by the column. Any other value (NULL included) stops the query with DuckDB's
 * error(), so that a run outside the app (native DuckDB, `casebook run`) cannot drop rows quietly;
 * the app names the bad values first (`checkSplitColumn`).
 */
function columnSideSql(column: string): string {
  const cases = Object.entries(SPLIT_COLUMN_VALUES)
    .map(([value, side]) => `WHEN ${quoteLiteral(value)} THEN ${quoteLiteral(side)}`)
    .join(' ');
  const message = `The split column ${column} has a value that is not ${SPLIT_COLUMN_RULE}: `;
  return `CASE ${columnValue(column)} ${cases} ELSE error(${quoteLiteral(message)} || coalesce(CAST(${quoteIdent(column)} AS VARCHAR), 'NULL')) END`;
}

/** The CASE that says which side a row is on, over `numbered` (the input with its row number). */
function sideSql(spec: SplitSpec, target: string): string {
  const validation = (condition: string): string =>
    `CASE WHEN ${condition} THEN 'validation' ELSE 'train' END`;
  switch (spec.kind) {
    case 'random': {
      checkShare(spec.validationShare);
      const key = `hash(${ROW_ID}, ${seedOf(spec.seed)})`;
      return validation(
        `row_number() OVER (ORDER BY ${key}, ${ROW_ID}) <= round(${spec.validationShare} * count(*) OVER ())`,
      );
    }
    case 'stratified': {
      // A class's rows: each class keeps its share within one row (a continuous target: binnedSplitSql).
      checkShare(spec.validationShare);
      const key = `hash(${ROW_ID}, ${seedOf(spec.seed)})`;
      const by = `PARTITION BY ${quoteIdent(target)}`;
      return validation(
        `row_number() OVER (${by} ORDER BY ${key}, ${ROW_ID}) <= round(${spec.validationShare} * count(*) OVER (${by}))`,
      );
    }
    case 'group': {
      checkShare(spec.validationShare);
      const group = `CAST(${quoteIdent(spec.column)} AS VARCHAR)`;
      // Whole groups: a group's hash decides its side, so no group is on both.
      return validation(
        `hash(${group}, ${seedOf(spec.seed)}) % 1000000 < ${Math.round(spec.validationShare * 1_000_000)}`,
      );
    }
    case 'time': {
      const column = quoteIdent(spec.column);
      // No cutoff: the latest 20% of rows by time (ties kept together) are the validation rows.
      const cutoff =
        spec.cutoff.trim() === ''
          ? `quantile_disc(${column}, ${1 - DEFAULT_TIME_SHARE}) OVER ()`
          : quoteLiteral(spec.cutoff);
      return validation(`${column} >= ${cutoff}`);
    }
    case 'column':
      return columnSideSql(spec.column);
    default:
      return assertNever(spec);
  }
}

/**
 * Every column of `table` and its row number `as` (1, 2, … in table order): the one numbering that
 * the split's `__row_id` uses, so that other queries (an evaluate cell's slices) can join rows of a
 * predictions table back to the table they came from.
 */
export function numberedRowsSql(table: string, as: string = ROW_ID): string {
  return `SELECT *, row_number() OVER () AS ${quoteIdent(as)} FROM ${quoteIdent(table)}`;
}

/**
 * A query over `table` with every column, a row number `__row_id` (table order) and `__split`
 * ('train' or 'validation'). Rows are ordered by a seeded hash, so the split is the same on every
 * run and in native DuckDB. Stratified keeps each class's share within one row; on a regression
 * target it stratifies on quantile bins of the target instead (`binnedSplitSql`).
 */
export function splitSql(
  table: string,
  spec: SplitSpec,
  target: string,
  task: FeatureTask = 'binary',
): string {
  if (spec.kind === 'stratified' && task === 'regression') return binnedSplitSql(table, spec, target);
  if (spec.kind === 'column') {
    // Test rows are held out of everything the features feed: neither trained nor validated on.
    return [
      `WITH numbered AS (${numberedRowsSql(table)}),`,
      `sided AS (SELECT *, ${sideSql(spec, target)} AS ${SPLIT} FROM numbered)`,
      `SELECT * FROM sided WHERE ${SPLIT} <> 'test'`,
      `ORDER BY ${ROW_ID}`,
    ].join('\n');
  }
  return [
    `WITH numbered AS (${numberedRowsSql(table)})`,
    `SELECT *, ${sideSql(spec, target)} AS ${SPLIT}`,
    'FROM numbered',
    `ORDER BY ${ROW_ID}`,
  ].join('\n');
}

/**
 * A stratified split of a continuous target: the rows with a target, ranked by it (ties in seeded
 * order), are cut into the finest quantile bins that each hold one validation row: rank r is in
 * bin ⌊(r − 1) · share + ½⌋, and one row drawn by the seeded hash from each of the first
 * ⌊n · share + ½⌋ bins validates. So the validation rows are exactly the share of the rows (rounded
 * half up, as the random split), every stretch of the target's range keeps its share within two
 * rows, and both tails are validated on (the lowest bin is ranks 1 … ⌈½ / share⌉; the top rows
 * left out are fewer than one bin). A class split of a continuous target would put each distinct
 * value in its own class, of which ⌊share + ½⌋ = 0 rows validate. Rows without a target train
 * (the features drop them).
 */
function binnedSplitSql(
  table: string,
  spec: Extract<SplitSpec, { kind: 'stratified' }>,
  target: string,
): string {
  checkShare(spec.validationShare);
  const value = `TRY_CAST(${quoteIdent(target)} AS DOUBLE)`;
  const key = `hash(${ROW_ID}, ${seedOf(spec.seed)})`;
  const share = String(spec.validationShare);
  return [
    `WITH numbered AS (${numberedRowsSql(table)}),`,
    "-- the target's quantile bins: one validation row per bin of ⌈1 / share⌉ ranks",
    `binned AS (SELECT ${ROW_ID}, ${key} AS __key,`,
    `  floor((row_number() OVER (ORDER BY ${value}, ${key}, ${ROW_ID}) - 1) * ${share} + 0.5) AS __bin,`,
    `  floor(count(*) OVER () * ${share} + 0.5) AS __bins`,
    `  FROM numbered WHERE ${value} IS NOT NULL),`,
    `validated AS (SELECT ${ROW_ID} FROM binned WHERE __bin < __bins`,
    `  QUALIFY row_number() OVER (PARTITION BY __bin ORDER BY __key, ${ROW_ID}) = 1)`,
    `SELECT numbered.*, CASE WHEN validated.${ROW_ID} IS NULL THEN 'train' ELSE 'validation' END AS ${SPLIT}`,
    `FROM numbered LEFT JOIN validated USING (${ROW_ID})`,
    `ORDER BY ${ROW_ID}`,
  ].join('\n');
}

/**
 * Checks the column a `column` split reads, on the input table, before the split is made: a NULL
 * or a value outside `SPLIT_COLUMN_VALUES` is an error naming up to five of the bad values and how
 * many rows hold them. Returns how many rows are test rows (left out of the features).
 */
export async function checkSplitColumn(
  engine: SqlEngine,
  table: string,
  spec: Extract<SplitSpec, { kind: 'column' }>,
  signal?: AbortSignal,
): Promise<{ test: number }> {
  const options = signal ? { signal } : {};
  const value = columnValue(spec.column);
  const known = Object.keys(SPLIT_COLUMN_VALUES).map(quoteLiteral).join(', ');
  const tests = Object.entries(SPLIT_COLUMN_VALUES)
    .filter(([, side]) => side === 'test')
    .map(([v]) => quoteLiteral(v))
    .join(', ');
  const r = await engine.query(
    [
      `SELECT count(*) FILTER (WHERE ${quoteIdent(spec.column)} IS NULL) AS nulls,`,
      `  count(*) FILTER (WHERE ${value} IN (${tests})) AS test,`,
      `  count(*) FILTER (WHERE ${value} NOT IN (${known})) AS bad,`,
      `  (SELECT string_agg(v, ', ' ORDER BY n DESC, v) FROM (SELECT ${quoteLiteral('"')} || CAST(${quoteIdent(spec.column)} AS VARCHAR) || ${quoteLiteral('"')} AS v, count(*) AS n`,
      `    FROM ${quoteIdent(table)} WHERE ${value} NOT IN (${known}) GROUP BY 1 ORDER BY n DESC, v LIMIT 5)) AS examples`,
      `FROM ${quoteIdent(table)}`,
    ].join('\n'),
    options,
  );
  const nulls = Number(r.getChild('nulls')?.get(0) ?? 0);
  const bad = Number(r.getChild('bad')?.get(0) ?? 0);
  const rows = (k: number) => `${k.toLocaleString('en-US')} ${k === 1 ? 'row has' : 'rows have'}`;
  if (nulls > 0) {
    throw new AppError(
      'bad-input',
      `${rows(nulls)} no value in the split column "${spec.column}": give every row its side (${SPLIT_COLUMN_RULE}), or filter those rows out first.`,
    );
  }
  if (bad > 0) {
    throw new AppError(
      'bad-input',
      `${rows(bad)} a value in the split column "${spec.column}" that names no side (${String(r.getChild('examples')?.get(0) ?? '')}). Use ${SPLIT_COLUMN_RULE}; map other labels in a SQL or clean cell.`,
    );
  }
  return { test: Number(r.getChild('test')?.get(0) ?? 0) };
}

/**
 * Refuses splits that cannot work on this table: a time column with NULLs or no rows on a side.
 * With `classes` (a multiclass target's column), a class that is not on both sides too: its
 * rows are too few to split (a stratified split keeps every other class's share).
 */
export async function checkSplit(
  engine: SqlEngine,
  relation: string,
  spec: SplitSpec,
  signal?: AbortSignal,
  classes?: string,
): Promise<{ train: number; validation: number }> {
  const options = signal ? { signal } : {};
  if (classes !== undefined) await checkClassSides(engine, relation, classes, options);
  if (spec.kind === 'time' || spec.kind === 'group') {
    const col = quoteIdent(spec.column);
    const r = await engine.query(
      `SELECT count(*) FILTER (WHERE ${col} IS NULL) AS n FROM ${quoteIdent(relation)}`,
      options,
    );
    const nulls = Number(r.getChild('n')?.get(0) ?? 0);
    if (nulls > 0) {
      throw new AppError(
        'bad-input',
        `${nulls} rows have no ${spec.kind === 'time' ? 'time' : 'group'} in "${spec.column}": fill or filter them before splitting on it.`,
      );
    }
  }
  const r = await engine.query(
    `SELECT count(*) FILTER (WHERE ${SPLIT} = 'train') AS train, count(*) FILTER (WHERE ${SPLIT} = 'validation') AS validation FROM ${quoteIdent(relation)}`,
    options,
  );
  const train = Number(r.getChild('train')?.get(0) ?? 0);
  const validation = Number(r.getChild('validation')?.get(0) ?? 0);
  if (train === 0 || validation === 0) {
    throw new AppError(
      'bad-input',
      `The split leaves ${train === 0 ? 'no training rows' : 'no validation rows'} (${train} train, ${validation} validation): change the share or the cutoff.`,
    );
  }
  return { train, validation };
}

/** Every class of `target` on both sides; else AppError naming the classes and their rows. */
async function checkClassSides(
  engine: SqlEngine,
  relation: string,
  target: string,
  options: { signal?: AbortSignal },
): Promise<void> {
  const t = quoteIdent(target);
  const r = await engine.query(
    `SELECT CAST(${t} AS VARCHAR) AS v, count(*) AS n,
       count(*) FILTER (WHERE ${SPLIT} = 'train') AS train, count(*) FILTER (WHERE ${SPLIT} = 'validation') AS validation
     FROM ${quoteIdent(relation)} WHERE ${t} IS NOT NULL GROUP BY 1 ORDER BY n, v`,
    options,
  );
  const small: string[] = [];
  for (let i = 0; i < r.numRows; i++) {
    const count = (name: string) => Number(r.getChild(name)?.get(i) ?? 0);
    if (count('train') === 0 || count('validation') === 0) {
      const rows = count('n');
      small.push(`${String(r.getChild('v')?.get(i))} (${rows} ${rows === 1 ? 'row' : 'rows'})`);
    }
  }
  if (small.length > 0) {
    throw new AppError(
      'bad-input',
      `${small.length === 1 ? 'A class has' : 'Some classes have'} too few rows to be in both training and validation: ${small.slice(0, 10).join(', ')}. Group ${small.length === 1 ? 'it' : 'them'} with another class in a clean cell, or drop ${small.length === 1 ? 'its rows' : 'their rows'}; a stratified split keeps every class's share.`,
    );
  }
}
