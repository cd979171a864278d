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

function parses(i: number, type: ShouldBe['type'], format: string | undefined): string {
  switch (type) {
    case 'DOUBLE':
      return `TRY_CAST(v${i} AS DOUBLE) IS NOT NULL`;
    case 'BIGINT':
      // TRY_CAST('1.5' AS BIGINT) rounds to 2: only values the cast keeps exactly count as integers.
      return `TRY_CAST(v${i} AS DOUBLE) = TRY_CAST(v${i} AS BIGINT)`;
    case 'BOOLEAN':
      return `s${i} IN (${list(BOOLEAN_WORDS)})`;
    case 'DATE':
    case 'TIMESTAMP':
      return `g${i} AND try_strptime(v${i}, ${quoteLiteral(format ?? '')}) IS NOT NULL`;
  }
}

function textAggregates(col: Col): string[] {
  const i = col.index;
  const p = `c${i}_`;
  return [
    `count(*) FILTER (WHERE s${i} = '') AS ${p}blanks`,
    `count(DISTINCT r${i}) FILTER (WHERE s${i} = '') AS ${p}blank_values`,
    `count(*) FILTER (WHERE s${i} IN (${list(PLACEHOLDERS)})) AS ${p}placeholders`,
    `count(v${i}) AS ${p}present`,
    `count(*) FILTER (WHERE v${i} IS NOT NULL AND ${parses(i, 'BOOLEAN', undefined)}) AS ${p}boolean`,
    `count(*) FILTER (WHERE ${parses(i, 'BIGINT', undefined)}) AS ${p}bigint`,
    `count(*) FILTER (WHERE ${parses(i, 'DOUBLE', undefined)}) AS ${p}double`,
    ...DATE_FORMATS.map((f, k) => `count(*) FILTER (WHERE ${parses(i, 'DATE', f)}) AS ${p}date${k}`),
  ];
}

/** One pass over the text columns: blanks, placeholders, and how many values parse as each type. */
export function detectSql(relation: string, cols: readonly Col[]): string {
  return `SELECT\n  ${cols.flatMap(textAggregates).join(',\n  ')}\nFROM (\n  ${textProjection(relation, cols)}\n)`;
}

interface Candidate {
  readonly type: ShouldBe['type'];
  readonly format?: string;
  readonly parsed: number;
}

function candidates(result: Table, col: Col): Candidate[] {
  const p = `c${col.index}_`;
  return [
    { type: 'BOOLEAN', parsed: countAt(result, `${p}boolean`) },
    { type: 'BIGINT', parsed: countAt(result, `${p}bigint`) },
    { type: 'DOUBLE', parsed: countAt(result, `${p}double`) },
    ...DATE_FORMATS.map((format, k): Candidate => ({
      type: TIME_PART.test(format) ? 'TIMESTAMP' : 'DATE',
      format,
      parsed: countAt(result, `${p}date${k}`),
    })),
  ];
}

function chooseType(result: Table, col: Col, present: number): ShouldBe | null {
  const all = candidates(result, col);
  const best = all.reduce((a, b) => (b.parsed > a.parsed ? b : a));
  if (present === 0 || best.parsed / present < MIN_SHARE) return null;
  const share = best.parsed / present;
  if (best.format === undefined) return { type: best.type, share, failures: [] };
  const alsoMatches = all
    .filter((c) => c !== best && c.format !== undefined && c.parsed === best.parsed)
    .map((c) => c.format ?? '');
  return {
    type: best.type,
    format: best.format,
    share,
    failures: [],
    ...(alsoMatches.length > 0 ? { alsoMatches } : {}),
  };
}

export function readDetect(result: Table, col: Col): TextCounts {
  const p = `c${col.index}_`;
  const present = countAt(result, `${p}present`);
  return {
    blanks: countAt(result, `${p}blanks`),
    blankValues: countAt(result, `${p}blank_values`),
    placeholders: countAt(result, `${p}placeholders`),
    present,
    shouldBe: chooseType(result, col, present),
  };
}

/** The most frequent values that do not parse, for each column whose values do not all parse. */
export function failuresSql(relation: string, cols: readonly { col: Col; shouldBe: ShouldBe }[]): string {
  return cols
    .map(({ col, shouldBe }) => {
      const i = col.index;
      return [
        `(SELECT ${i} AS col, v${i} AS value, count(*) AS n`,
        `FROM (${textProjection(relation, [col])})`,
        `WHERE v${i} IS NOT NULL AND NOT (${parses(i, shouldBe.type, shouldBe.format)})`,
        `GROUP BY ALL ORDER BY 3 DESC, 2 LIMIT ${EXAMPLES})`,
      ].join('\n');
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
