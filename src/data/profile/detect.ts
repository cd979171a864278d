import type { Table } from 'apache-arrow';
import { DATE_FORMATS } from '../date-formats';
import { quoteLiteral } from '../sql';
import { countAt, mapRows, textOrNull } from './results';
import { CODED_UNKNOWN_PATTERN, ident, PLACEHOLDERS, stripped, type Col } from './shape';
import type { ShouldBe } from './types';

/* Text columns that hold numbers, booleans or dates: what share of the non-missing values parse. */

/** As the clean 'cast' recipe reads booleans. */
export const BOOLEAN_WORDS = ['yes', 'no', 'true', 'false', 'y', 'n', '1', '0'];

/** Below this share of parsing values a column is left as text. */
const MIN_SHARE = 0.9;
/** Date formats are tried on this many of a column's most frequent distinct values. */
const DISTINCT_LIMIT = 5000;
const EXAMPLES = 5;
const TIME_PART = /%-?[HIMSfpzZ]/;

export interface TextCounts {
  /** Distinct non-NULL values. */
  readonly distinct: number;
  readonly blanks: number;
  /** Distinct blank spellings ('', ' '). */
  readonly blankValues: number;
  /** Values that are sure placeholders ('N/A'), not those flagged for review. */
  readonly placeholders: number;
  /** Neither NULL, blank nor a sure placeholder. */
  readonly present: number;
  readonly shouldBe: ShouldBe | null;
  /** Nearly all values start with a digit and are not numbers: date formats are worth trying. */
  readonly mayBeDate: boolean;
  /** The longest value, values with a space, distinct values after trimming and lower-casing, and
   * values with whitespace at either end. */
  readonly maxLength: number;
  readonly spaced: number;
  readonly keys: number;
  readonly padded: number;
}

/** A text column with no values at all. */
export const NO_TEXT: TextCounts = {
  distinct: 0,
  blanks: 0,
  blankValues: 0,
  placeholders: 0,
  present: 0,
  shouldBe: null,
  mayBeDate: false,
  maxLength: 0,
  spaced: 0,
  keys: 0,
  padded: 0,
};

const list = (words: readonly string[]): string => words.map(quoteLiteral).join(', ');

/** Blank or a sure placeholder, from the stripped lower-case form `s`. */
export const missingSql = (s: string): string =>
  `(${s} IN ('', ${list(PLACEHOLDERS)}) OR ${codedUnknownSql(s)})`;

/** A coded unknown (`emp_unk`), from the stripped lower-case form `s`. */
const codedUnknownSql = (s: string): string => `regexp_matches(${s}, ${quoteLiteral(CODED_UNKNOWN_PATTERN)})`;

/**
 * The distinct non-NULL values of every text column with their counts, as rows (col, v, s, n),
 * `s` being `v` stripped and lower-cased. Everything the profile asks of text is then asked once
 * per distinct value and weighted by `n`, not once per row: string functions per row cost
 * seconds per million rows, one GROUP BY per column a few tens of milliseconds.
 */
export function textValuesSql(relation: string, cols: readonly Col[]): string {
  const branches = cols.map(
    (c) =>
      `SELECT ${c.index} AS col, ${ident(c)} AS v, count(*) AS n FROM ${relation} WHERE ${ident(c)} IS NOT NULL GROUP BY ALL`,
  );
  return `SELECT col, v, lower(${stripped('v')}) AS s, n FROM (\n${branches.join('\nUNION ALL\n')}\n)`;
}

/** The non-missing values of `values` (a textValuesSql table), ranked per column, most frequent first. */
const ranked = (values: string): string =>
  `SELECT col, v, s, n, row_number() OVER (PARTITION BY col ORDER BY n DESC, v) AS r FROM ${values} WHERE NOT (${missingSql('s')})`;

/** Whether value `v` (its stripped lower-case form `s`) parses as `type`. */
function parses(v: string, s: string, type: ShouldBe['type'], format: string | undefined): string {
  switch (type) {
    case 'DOUBLE':
      return `TRY_CAST(${v} AS DOUBLE) IS NOT NULL`;
    case 'BIGINT':
      // TRY_CAST('1.5' AS BIGINT) rounds to 2: only values the cast keeps exactly count as integers.
      return `TRY_CAST(${v} AS DOUBLE) = TRY_CAST(${v} AS BIGINT)`;
    case 'BOOLEAN':
      return `${s} IN (${list(BOOLEAN_WORDS)})`;
    case 'DATE':
    case 'TIMESTAMP':
      return `try_strptime(${v}, ${quoteLiteral(format ?? '')}) IS NOT NULL`;
  }
}

/** Weighted by n: rows whose value passes `where`. */
const rowsWhere = (where: string, alias: string): string => `sum(n) FILTER (WHERE ${where}) AS ${alias}`;

/**
 * Per text column, from its distinct values: distinct and blank spellings, blanks, placeholders,
 * and how many values parse as numbers or booleans; the longest value, spaces, case variants.
 */
export function detectSql(values: string): string {
  const present = 'NOT missing';
  const parts = [
    'count(*) AS distinct_values',
    rowsWhere("s = ''", 'blanks'),
    "count(*) FILTER (WHERE s = '') AS blank_values",
    rowsWhere(`(s IN (${list(PLACEHOLDERS)}) OR ${codedUnknownSql('s')})`, 'placeholders'),
    rowsWhere(present, 'present'),
    rowsWhere(`${present} AND left(s, 1) BETWEEN '0' AND '9'`, 'digits'),
    rowsWhere(`${present} AND ${parses('v', 's', 'BOOLEAN', undefined)}`, 'boolean'),
    rowsWhere(`${present} AND ${parses('v', 's', 'BIGINT', undefined)}`, 'bigint'),
    rowsWhere(`${present} AND ${parses('v', 's', 'DOUBLE', undefined)}`, 'double'),
    'max(length(v)) AS max_length',
    rowsWhere("contains(v, ' ')", 'spaced'),
    'count(DISTINCT s) AS keys',
    rowsWhere(`v <> ${stripped('v')}`, 'padded'),
  ];
  const source = `SELECT col, v, s, n, ${missingSql('s')} AS missing FROM ${values}`;
  return `SELECT col, ${parts.join(',\n  ')}\nFROM (${source})\nGROUP BY col`;
}

function chooseScalar(result: Table, row: number, present: number): ShouldBe | null {
  const found = (['BOOLEAN', 'BIGINT', 'DOUBLE'] as const).map((type) => ({
    type,
    parsed: countAt(result, type.toLowerCase(), row),
  }));
  const best = found.reduce((a, b) => (b.parsed > a.parsed ? b : a));
  if (present === 0 || best.parsed / present < MIN_SHARE) return null;
  return { type: best.type, share: best.parsed / present, failures: [] };
}

/** Text counts by column index. */
export function readDetect(result: Table): Map<number, TextCounts> {
  const byColumn = new Map<number, TextCounts>();
  mapRows(result, (row) => {
    const at = (name: string): number => countAt(result, name, row);
    const present = at('present');
    const shouldBe = chooseScalar(result, row, present);
    byColumn.set(at('col'), {
      distinct: at('distinct_values'),
      blanks: at('blanks'),
      blankValues: at('blank_values'),
      placeholders: at('placeholders'),
      present,
      shouldBe,
      mayBeDate: shouldBe === null && present > 0 && at('digits') / present >= MIN_SHARE,
      maxLength: at('max_length'),
      spaced: at('spaced'),
      keys: at('keys'),
      padded: at('padded'),
    });
  });
  return byColumn;
}

/** Strptime is slow: date formats are tried on each column's DISTINCT_LIMIT most frequent values. */
const frequent = (values: string, cols: readonly Col[]): string =>
  `SELECT col, v, s, n FROM (${ranked(values)}) WHERE r <= ${DISTINCT_LIMIT} AND col IN (${cols.map((c) => c.index).join(', ')})`;

/** Each date format's share of the values of columns that start with digits (from their most frequent values). */
export function datesSql(values: string, cols: readonly Col[]): string {
  const counts = DATE_FORMATS.map((f, k) => `sum(n) FILTER (WHERE ${parses('v', 's', 'DATE', f)}) AS d${k}`);
  return `SELECT col, sum(n) AS total, ${counts.join(', ')}\nFROM (${frequent(values, cols)})\nGROUP BY col`;
}

/** The best date format per column index, when it parses at least MIN_SHARE of the values. */
export function readDates(result: Table): Map<number, ShouldBe> {
  const chosen = new Map<number, ShouldBe>();
  mapRows(result, (row) => {
    const total = countAt(result, 'total', row);
    const found = DATE_FORMATS.map((format, k) => ({ format, parsed: countAt(result, `d${k}`, row) }));
    const best = found.reduce((a, b) => (b.parsed > a.parsed ? b : a));
    if (total === 0 || best.parsed / total < MIN_SHARE) return;
    const alsoMatches = found.filter((f) => f !== best && f.parsed === best.parsed).map((f) => f.format);
    chosen.set(countAt(result, 'col', row), {
      type: TIME_PART.test(best.format) ? 'TIMESTAMP' : 'DATE',
      format: best.format,
      ...(alsoMatches.length > 0 ? { alsoMatches } : {}),
      share: best.parsed / total,
      failures: [],
    });
  });
  return chosen;
}

/** The most frequent values that do not parse (among the DISTINCT_LIMIT most frequent), per column. */
export function failuresSql(values: string, cols: readonly { col: Col; shouldBe: ShouldBe }[]): string {
  return cols
    .map(({ col, shouldBe }) => {
      const fails = `NOT (${parses('v', 's', shouldBe.type, shouldBe.format)})`;
      return `(SELECT col, v AS value, n FROM (${frequent(values, [col])}) WHERE ${fails} ORDER BY n DESC, v LIMIT ${EXAMPLES})`;
    })
    .join('\nUNION ALL\n');
}

/** Failure examples by column index. */
export function readFailures(result: Table): Map<number, string[]> {
  const byColumn = new Map<number, string[]>();
  mapRows(result, (row) => {
    const col = countAt(result, 'col', row);
    byColumn.set(col, [...(byColumn.get(col) ?? []), textOrNull(result, 'value', row) ?? '']);
  });
  return byColumn;
}
