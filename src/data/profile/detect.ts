import type { Table } from 'apache-arrow';
import { quoteLiteral } from '../sql';
import { countAt, mapRows, textOrNull } from './results';
import { ident, PLACEHOLDERS, stripped, type Col } from './shape';
import type { ShouldBe } from './types';

/* Text columns that hold numbers, booleans or dates: what share of the non-missing values parse. */

/** Tried in order; a tie keeps the earlier one and names the others (dd/mm before mm/dd). */
export const DATE_FORMATS = [
  '%Y-%m-%d',
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%d %H:%M',
  '%d/%m/%Y',
  '%m/%d/%Y',
  '%d/%m/%Y %H:%M',
  '%m/%d/%Y %H:%M',
  '%d.%m.%Y',
  '%Y/%m/%d',
  '%d-%m-%Y',
  '%m-%d-%Y',
  '%d-%b-%Y',
  '%d %b %Y',
  '%d %B %Y',
];

/** As the clean 'cast' recipe reads booleans. */
export const BOOLEAN_WORDS = ['yes', 'no', 'true', 'false', 'y', 'n', '1', '0'];

/** Below this share of parsing values a column is left as text. */
const MIN_SHARE = 0.9;
/** Date formats are tried on this many of a column's most frequent distinct values. */
const DISTINCT_LIMIT = 5000;
const EXAMPLES = 5;
const TIME_PART = /%[HIMS]/;

export interface TextCounts {
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
}

const list = (words: readonly string[]): string => words.map(quoteLiteral).join(', ');

/** Each text column as `r` (raw), `s` (stripped, lower), `v` (raw, NULL when missing), `g` (starts with a digit). */
export function textProjection(relation: string, cols: readonly Col[]): string {
  const inner = cols.map((c) => `${ident(c)} AS r${c.index}, lower(${stripped(ident(c))}) AS s${c.index}`);
  const middle = cols.map((c) => {
    const i = c.index;
    const missing = `s${i} IN ('', ${list(PLACEHOLDERS)})`;
    return `r${i}, s${i}, CASE WHEN ${missing} THEN NULL ELSE r${i} END AS v${i}, left(s${i}, 1) BETWEEN '0' AND '9' AS g${i}`;
  });
  return `SELECT ${middle.join(',\n    ')}\n  FROM (SELECT ${inner.join(', ')} FROM ${relation})`;
}

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

function textAggregates(col: Col): string[] {
  const i = col.index;
  const p = `c${i}_`;
  const v = `v${i}`;
  return [
    `count(*) FILTER (WHERE s${i} = '') AS ${p}blanks`,
    `count(DISTINCT r${i}) FILTER (WHERE s${i} = '') AS ${p}blank_values`,
    `count(*) FILTER (WHERE s${i} IN (${list(PLACEHOLDERS)})) AS ${p}placeholders`,
    `count(${v}) AS ${p}present`,
    `count(*) FILTER (WHERE ${v} IS NOT NULL AND g${i}) AS ${p}digits`,
    `count(*) FILTER (WHERE ${v} IS NOT NULL AND ${parses(v, `s${i}`, 'BOOLEAN', undefined)}) AS ${p}boolean`,
    `count(*) FILTER (WHERE ${parses(v, `s${i}`, 'BIGINT', undefined)}) AS ${p}bigint`,
    `count(*) FILTER (WHERE ${parses(v, `s${i}`, 'DOUBLE', undefined)}) AS ${p}double`,
  ];
}

/** One pass over the text columns: blanks, placeholders, and how many values parse as numbers or booleans. */
export function detectSql(relation: string, cols: readonly Col[]): string {
  return `SELECT\n  ${cols.flatMap(textAggregates).join(',\n  ')}\nFROM (\n  ${textProjection(relation, cols)}\n)`;
}

function chooseScalar(result: Table, col: Col, present: number): ShouldBe | null {
  const p = `c${col.index}_`;
  const found = (['BOOLEAN', 'BIGINT', 'DOUBLE'] as const).map((type) => ({
    type,
    parsed: countAt(result, `${p}${type.toLowerCase()}`),
  }));
  const best = found.reduce((a, b) => (b.parsed > a.parsed ? b : a));
  if (present === 0 || best.parsed / present < MIN_SHARE) return null;
  return { type: best.type, share: best.parsed / present, failures: [] };
}

/**
 * The distinct non-missing values of each column, most frequent first, at most DISTINCT_LIMIT:
 * strptime is slow, so formats are tried once per distinct value, not once per row.
 */
function distinctValues(relation: string, col: Col): string {
  const i = col.index;
  return [
    `SELECT ${i} AS col, v, n FROM (`,
    `  SELECT v${i} AS v, count(*) AS n FROM (${textProjection(relation, [col])})`,
    `  WHERE v${i} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${DISTINCT_LIMIT}`,
    ')',
  ].join('\n');
}

/** Each date format's share of the values of columns that start with digits (from their most frequent values). */
export function datesSql(relation: string, cols: readonly Col[]): string {
  const counts = DATE_FORMATS.map((f, k) => `sum(n) FILTER (WHERE ${parses('v', 's', 'DATE', f)}) AS d${k}`);
  const branches = cols.map((c) => distinctValues(relation, c)).join('\nUNION ALL\n');
  return `SELECT col, sum(n) AS total, ${counts.join(', ')}\nFROM (\n${branches}\n)\nGROUP BY col`;
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

export function readDetect(result: Table, col: Col): TextCounts {
  const p = `c${col.index}_`;
  const present = countAt(result, `${p}present`);
  const shouldBe = chooseScalar(result, col, present);
  return {
    blanks: countAt(result, `${p}blanks`),
    blankValues: countAt(result, `${p}blank_values`),
    placeholders: countAt(result, `${p}placeholders`),
    present,
    shouldBe,
    mayBeDate: shouldBe === null && present > 0 && countAt(result, `${p}digits`) / present >= MIN_SHARE,
  };
}

/** The most frequent values that do not parse (among the DISTINCT_LIMIT most frequent), per column. */
export function failuresSql(relation: string, cols: readonly { col: Col; shouldBe: ShouldBe }[]): string {
  return cols
    .map(({ col, shouldBe }) => {
      const fails = `NOT (${parses('v', `lower(${stripped('v')})`, shouldBe.type, shouldBe.format)})`;
      return `(SELECT col, v AS value, n FROM (${distinctValues(relation, col)}) WHERE ${fails} ORDER BY 3 DESC, 2 LIMIT ${EXAMPLES})`;
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
