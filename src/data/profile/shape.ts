import { quoteIdent, quoteLiteral } from '../sql';
import type { ColumnKind } from './types';

/* Column types and the SQL pieces every query of the profile shares. */

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const TEMPORAL =
  /^(DATE|TIME|TIMESTAMP(_S|_MS|_NS)?|TIMESTAMP( WITH TIME ZONE)?|TIMESTAMPTZ|TIME WITH TIME ZONE)$/;

export function kindOf(duckType: string): ColumnKind {
  const type = duckType.toUpperCase();
  if (NUMERIC.test(type)) return 'numeric';
  if (type === 'BOOLEAN') return 'boolean';
  if (TEMPORAL.test(type)) return 'temporal';
  if (type === 'VARCHAR') return 'text';
  return 'other';
}

export const isIntegerType = (duckType: string): boolean => INTEGER.test(duckType.toUpperCase());

/** A column of the profiled relation, with its position (aliases are `c<index>_…`). */
export interface Col {
  readonly index: number;
  readonly name: string;
  readonly duckType: string;
  readonly kind: ColumnKind;
}

export const ident = (col: Col): string => quoteIdent(col.name);

/** The column as DOUBLE, for statistics of any numeric type. */
export const asDouble = (col: Col): string => `CAST(${ident(col)} AS DOUBLE)`;

export const asText = (col: Col): string =>
  col.kind === 'text' ? ident(col) : `CAST(${ident(col)} AS VARCHAR)`;

/** The characters RE2's \\s matches, which the clean recipes strip; trim() with them beats a regex by far. */
const WHITESPACE = quoteLiteral(' \t\n\r\f');

/** As the clean recipes strip (DuckDB's one-argument trim() only strips spaces). */
export const stripped = (text: string): string => `trim(${text}, ${WHITESPACE})`;

/** A finite JS number as a DuckDB DOUBLE literal. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  return `CAST(${String(value)} AS DOUBLE)`;
}

/** Tokens that stand for a missing value, matched lower-cased after stripping. */
export const PLACEHOLDERS = [
  'unknown',
  'n/a',
  'na',
  '?',
  '-',
  '--',
  'none',
  'null',
  'nil',
  'missing',
  'undefined',
  'not available',
  'not applicable',
  'not known',
  'unspecified',
  'unk',
  'ignore',
  'tbd',
  'nan',
  '#n/a',
];

/** Coded unknowns such as `emp_unk` or `unk_region`: placeholders as surely as "unknown". */
export const CODED_UNKNOWN_PATTERN = '^([a-z0-9]+_)+unk(nown)?$|^unk(nown)?(_[a-z0-9]+)+$';

/** "No internet service": a placeholder, or a category of its own? Flagged for review. */
export const REVIEW_PATTERN = '^no .+ service$';
