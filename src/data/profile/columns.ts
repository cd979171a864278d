import type { TextCounts } from './detect';
import { isIntegerType, type Col } from './shape';
import { quantileAt, type BasicStats } from './stats';
import type { ColumnValues } from './values';
import type {
  ColumnFlags,
  ColumnProfile,
  HistogramBin,
  KeyCandidate,
  Outliers,
  Quantiles,
  TargetRate,
} from './types';

/* One column's profile from the results of the batched queries. */

export interface ColumnParts {
  readonly col: Col;
  readonly rows: number;
  readonly stats: BasicStats;
  readonly text: TextCounts | null;
  readonly values: ColumnValues | undefined;
  readonly failures: readonly string[] | undefined;
  readonly histogram: readonly HistogramBin[] | undefined;
  readonly outliers: Outliers | undefined;
  readonly targetRates: readonly TargetRate[] | undefined;
}

const MIN_ID_ROWS = 50;
const MAX_ID_LENGTH = 64;
/** customer_id, customerID, id, order-key: names that say "identifier". */
const ID_NAME = /(^|[_\s-])(id|key|uuid|guid)$|^(id|key)([_\s-]|$)|[a-z0-9](Id|ID|Key|UUID)$/;

export const looksLikeIdName = (name: string): boolean => ID_NAME.test(name);

function quantiles(stats: BasicStats): Quantiles {
  const q = (p: number) => quantileAt(stats, p);
  return { p01: q(0.01), p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), p99: q(0.99) };
}

/** Unique, over 50 rows, and shaped like an id: a named id, an integer sequence, or short text without spaces. */
function isIdLike(p: ColumnParts): boolean {
  const { col, stats } = p;
  if (stats.count <= MIN_ID_ROWS || stats.distinct !== stats.count) return false;
  if (looksLikeIdName(col.name) && (col.kind === 'text' || isIntegerType(col.duckType))) return true;
  if (isIntegerType(col.duckType))
    return stats.min !== null && stats.max !== null && stats.max - stats.min + 1 === stats.count;
  const text = p.text;
  return (
    col.kind === 'text' &&
    text !== null &&
    text.shouldBe === null &&
    text.spaced === 0 &&
    text.maxLength <= MAX_ID_LENGTH
  );
}

function flags(p: ColumnParts): ColumnFlags {
  const surePlaceholders = (p.values?.placeholders ?? []).filter((x) => x.review !== true).length;
  const present = p.text?.present ?? p.stats.count;
  const distinctPresent = p.stats.distinct - (p.text ? p.text.blankValues + surePlaceholders : 0);
  const idLike = isIdLike(p);
  return {
    constant: p.rows > 1 && present > 0 && distinctPresent <= 1,
    allMissing: p.rows > 0 && present === 0,
    idLike,
    highCardinality:
      p.col.kind === 'text' &&
      !idLike &&
      p.text?.shouldBe === null &&
      p.stats.distinct > 50 &&
      p.stats.distinct >= 0.5 * present,
  };
}

function range(p: ColumnParts): Pick<ColumnProfile, 'min' | 'max'> {
  if (p.col.kind === 'numeric') return { min: p.stats.min, max: p.stats.max };
  if (p.col.kind === 'temporal') return { min: p.stats.minText, max: p.stats.maxText };
  return { min: null, max: null };
}

export function columnProfile(p: ColumnParts): ColumnProfile {
  const numeric = p.col.kind === 'numeric';
  const shouldBe = p.text?.shouldBe ?? null;
  return {
    name: p.col.name,
    duckType: p.col.duckType,
    kind: p.col.kind,
    shouldBe: shouldBe === null ? null : { ...shouldBe, failures: p.failures ?? [] },
    count: p.stats.count,
    missing: {
      nulls: p.rows - p.stats.count,
      blanks: p.text?.blanks ?? 0,
      placeholders: p.values?.placeholders ?? [],
    },
    distinct: p.stats.distinct,
    top: p.values?.top ?? [],
    ...range(p),
    mean: numeric ? p.stats.mean : null,
    std: numeric ? p.stats.std : null,
    quantiles: numeric ? quantiles(p.stats) : null,
    histogram: p.histogram ?? null,
    outliers: p.outliers ?? null,
    flags: flags(p),
    targetRates: p.targetRates ?? null,
    zeros: p.stats.zeros,
  };
}

/** Columns with unique non-NULL values, and id-named columns that repeat values (their duplicates counted). */
export function keyCandidates(columns: readonly ColumnProfile[], rows: number): KeyCandidate[] {
  return columns
    .filter((c) => rows > 1 && c.kind !== 'other')
    .map((c) => ({ column: c.name, duplicateKeys: c.count - c.distinct, nulls: c.missing.nulls }))
    .filter(
      (k) => (k.duplicateKeys === 0 && k.nulls === 0) || (looksLikeIdName(k.column) && k.duplicateKeys > 0),
    );
}
