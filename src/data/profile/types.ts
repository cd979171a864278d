import type { Recipe } from '../clean';

/* What `profileTable` returns: plain JSON (numbers, never bigint; null where DuckDB gives no value). */

export type ColumnKind = 'numeric' | 'text' | 'boolean' | 'temporal' | 'other';

export interface ProfileOptions {
  /** A column to relate every other column to (churn, price); null or absent for none. */
  readonly target?: string | null;
  /** A column that orders rows in time (the brief's), to find columns that are the target's lag; null for none. */
  readonly order?: string | null;
  /** Tables with more rows are profiled on a reservoir sample of this many rows. */
  readonly sampleRows: number;
  readonly signal?: AbortSignal;
  /** The sample's seed (`REPEATABLE`); 42 when absent. */
  readonly seed?: number;
}

export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

export interface Placeholder extends ValueCount {
  /** True for "No internet service": probably a category of its own, for a person to judge. */
  readonly review?: true;
}

export interface ShouldBe {
  readonly type: 'DOUBLE' | 'BIGINT' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP';
  /** The strptime format of DATE and TIMESTAMP. */
  readonly format?: string;
  /** Other formats that parse as many values (dd/mm vs mm/dd when every day is ≤ 12). */
  readonly alsoMatches?: readonly string[];
  /** Share of the non-missing values that parse. */
  readonly share: number;
  /** Up to 5 values that do not parse, most frequent first. */
  readonly failures: readonly string[];
}

export interface Missing {
  readonly nulls: number;
  /** Empty or whitespace-only text. */
  readonly blanks: number;
  readonly placeholders: readonly Placeholder[];
}

export interface Quantiles {
  readonly p01: number | null;
  readonly p05: number | null;
  readonly p25: number | null;
  readonly p50: number | null;
  readonly p75: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface HistogramBin {
  readonly x0: number;
  readonly x1: number;
  readonly count: number;
}

export interface Outliers {
  readonly lower: number;
  readonly upper: number;
  readonly below: number;
  readonly above: number;
}

export interface ColumnFlags {
  readonly constant: boolean;
  readonly allMissing: boolean;
  readonly idLike: boolean;
  readonly highCardinality: boolean;
}

export interface TargetRate {
  /** A value, a range ("[1, 5)"), "other" or "missing": `bucket` says which. */
  readonly label: string;
  readonly bucket: 'value' | 'range' | 'other' | 'missing';
  readonly count: number;
  /** Positive share (binary target) or mean (numeric target) of the rows with a target; null for a class mix. */
  readonly rate: number | null;
  /** A target of 3 to 50 classes: each class's share of the rows with a class, in the target's class order. */
  readonly mix?: readonly ClassShare[];
}

export interface ClassShare {
  readonly label: string;
  readonly share: number | null;
}

export interface ColumnProfile {
  readonly name: string;
  readonly duckType: string;
  readonly kind: ColumnKind;
  readonly shouldBe: ShouldBe | null;
  /** Non-NULL values. */
  readonly count: number;
  readonly missing: Missing;
  readonly distinct: number;
  readonly top: readonly ValueCount[];
  /** Numbers for numeric columns, text for temporal ones, null otherwise. */
  readonly min: number | string | null;
  readonly max: number | string | null;
  readonly mean: number | null;
  readonly std: number | null;
  readonly quantiles: Quantiles | null;
  readonly histogram: readonly HistogramBin[] | null;
  readonly outliers: Outliers | null;
  readonly flags: ColumnFlags;
  readonly targetRates: readonly TargetRate[] | null;
  /** Numeric columns: zeros, negatives and the smallest and median positive values; null otherwise. */
  readonly zeros: ZeroFacts | null;
}

export interface ZeroFacts {
  readonly zeros: number;
  readonly negatives: number;
  readonly minPositive: number | null;
  readonly medianPositive: number | null;
}

export type TargetProfile =
  | {
      readonly column: string;
      readonly kind: 'binary';
      readonly positiveLabel: string;
      readonly overallRate: number | null;
    }
  | { readonly column: string; readonly kind: 'numeric'; readonly mean: number | null }
  | {
      readonly column: string;
      readonly kind: 'categorical';
      readonly classes: number;
      /** 3 to 50 classes: the overall class mix, whose shares each column's `mix` splits by value. */
      readonly mix?: readonly ClassShare[];
    };

export interface KeyCandidate {
  readonly column: string;
  /** Rows whose key value appeared before (count − distinct); 0 for a true key. */
  readonly duplicateKeys: number;
  readonly nulls: number;
}

export type IssueCode =
  | 'all-missing'
  | 'missing'
  | 'placeholders'
  | 'should-be-number'
  | 'should-be-boolean'
  | 'should-be-date'
  | 'constant'
  | 'id-like'
  | 'duplicate-rows'
  | 'duplicate-keys'
  | 'outliers'
  | 'near-duplicate-categories'
  | 'whitespace-or-case'
  | 'high-cardinality'
  | 'zeros-as-missing'
  | 'repeated-level'
  | 'informative-missing'
  | 'class-imbalance'
  | 'target-copy'
  | 'target-lag';

export interface QualityIssue {
  readonly severity: 'high' | 'medium' | 'low';
  readonly column: string | null;
  readonly code: IssueCode;
  readonly message: string;
  /** Rows affected: issues of one severity are sorted by it, largest first. */
  readonly rows: number;
  readonly suggestions: readonly Recipe[];
}

export interface SampleInfo {
  readonly rows: number;
  readonly of: number;
  readonly seed: number;
}

export interface TableProfile {
  readonly table: string;
  /** Rows of the whole table. */
  readonly rowCount: number;
  /** Set when the columns were profiled on a sample. */
  readonly sample: SampleInfo | null;
  /**
   * True when the quantiles (and what is derived from them: IQR fences and outliers, target-rate
   * deciles, the median proposed for imputing) are approximate: approx_quantile, a t-digest, is
   * used above 100,000 profiled rows. Counts, distinct values, top values, minimum, maximum, mean
   * and standard deviation are always exact for the profiled rows.
   */
  readonly quantilesApproximate: boolean;
  /** Rows (of the profiled rows) that repeat an earlier row exactly. */
  readonly exactDuplicateRows: number;
  readonly keyCandidates: readonly KeyCandidate[];
  readonly target: TargetProfile | null;
  readonly columns: readonly ColumnProfile[];
  /** Worst first. */
  readonly issues: readonly QualityIssue[];
  /** Every statement run, in order: they replay unchanged in native DuckDB. */
  readonly queries: readonly string[];
}
