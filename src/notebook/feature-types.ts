/**
 * The spec of a `features` cell: plain JSON, stored in the document. Each encoding compiles to
 * one or more DOUBLE columns (see `compile.ts`); what fitting learns (means, category lists, bin
 * edges) lives in the encoding's `fitted` block, so the SQL that comes out is portable and
 * prepares scoring data unchanged at deploy time.
 */

export type FeatureTask = 'binary' | 'multiclass' | 'regression';
export type ImputeMethod = 'mean' | 'median' | 'zero';
/** `dow`: ISO weekday (Monday 1 … Sunday 7); `doy`: day of the year (1 … 366). */
export type DatePart = 'year' | 'month' | 'dow' | 'day' | 'hour' | 'doy';
export const DATE_PARTS: readonly DatePart[] = ['year', 'month', 'dow', 'day', 'hour', 'doy'];
/** The parts that come round in a cycle, with their period, for `cyclic` encodings. */
export const CYCLIC_PARTS = { month: 12, dow: 7, hour: 24 } as const;

export interface NumericFitted {
  /** What NULLs become (after log1p); null when there is no imputation. */
  readonly fill: number | null;
  /** Train mean and population standard deviation (ddof = 0, as StandardScaler), after imputation. */
  readonly mean: number;
  readonly std: number;
}

/**
 * A number, used as it is. Order: log1p (negative values are clipped to 0 first), then NULLs
 * filled, then standardised. Without `impute`, a NULL stays NULL and `readMatrix` names the column.
 */
export interface NumericEncoding {
  readonly encoding: 'numeric';
  readonly column: string;
  readonly impute?: ImputeMethod | null;
  /** Adds `<column>__missing`: 1 where the value was NULL. */
  readonly indicator?: boolean;
  readonly standardise?: boolean;
  readonly log?: boolean;
  readonly fitted?: NumericFitted;
}

export interface OneHotEncoding {
  readonly encoding: 'one-hot';
  readonly column: string;
  /** The K most frequent values on the train rows (ties by value) get a column each. */
  readonly topK: number;
  /** Adds `<column>=(other)` for values outside the top K (unseen ones too); else they are all zero. */
  readonly other: boolean;
  /**
   * `category`: NULL gets its own column `<column>=(missing)`; `ignore`: NULL is all zero; `mode`:
   * NULL becomes the most frequent value of the training rows (ties: the smallest, as
   * scikit-learn's SimpleImputer(strategy='most_frequent')).
   */
  readonly missing: 'category' | 'ignore' | 'mode';
  /**
   * The kept values, as text, in code-point order; `fill`: the training mode NULL becomes (with
   * `missing: 'mode'` only).
   */
  readonly fitted?: { readonly categories: readonly string[]; readonly fill?: string };
}

/** Position in `order` (0, 1, …); NULL and values not in the order become -1. */
export interface OrdinalEncoding {
  readonly encoding: 'ordinal';
  readonly column: string;
  readonly order: readonly string[];
  /** Nothing to learn: present so that every encoding reads alike. */
  readonly fitted?: Readonly<Record<string, never>>;
}

/**
 * Parts of a DATE or TIMESTAMP; `dow` is ISO (Monday 1 … Sunday 7). A NULL date gives NULL parts.
 * The raw date is never a feature: only its parts are.
 */
export interface DatePartsEncoding {
  readonly encoding: 'date-parts';
  readonly column: string;
  readonly parts: readonly DatePart[];
  /**
   * Adds `<column>_<part>_sin` / `_cos` for each of month, dow and hour among `parts`: sin and cos
   * of 2π·(month − 1)/12, 2π·(dow − 1)/7, 2π·hour/24, so that December sits next to January.
   */
  readonly cyclic?: boolean;
  readonly fitted?: Readonly<Record<string, never>>;
}

/** The bin index 0 … bins-1 (fewer when edges coincide); NULL becomes -1. */
export interface BucketEncoding {
  readonly encoding: 'bucket';
  readonly column: string;
  readonly bins: number;
  readonly method: 'quantile' | 'uniform';
  /** The inner edges, ascending and distinct: a value goes to the number of edges ≤ it. */
  readonly fitted?: { readonly edges: readonly number[] };
}

/** 1 for true, 0 for false; NULL stays NULL. */
export interface BooleanEncoding {
  readonly encoding: 'boolean';
  readonly column: string;
  readonly fitted?: Readonly<Record<string, never>>;
}

export type FeatureEncoding =
  NumericEncoding | OneHotEncoding | OrdinalEncoding | DatePartsEncoding | BucketEncoding | BooleanEncoding;

export interface FeatureSpec {
  readonly target: string;
  readonly task: FeatureTask;
  /** The positive class of a binary target, compared as text ('Yes', '1', 'true'). */
  readonly positive?: string;
  /**
   * Multiclass: the classes of the training rows, sorted by code point (fitted); `__target` is a
   * row's index in this list and `__class` its label as text.
   */
  readonly classes?: readonly string[];
  readonly features: readonly FeatureEncoding[];
}

/** The names of the two columns every compiled query starts with. */
export const ROW_ID_COLUMN = '__row_id';
export const TARGET_COLUMN = '__target';
/** Multiclass: the target's label as text, beside its class index in `__target`. */
export const CLASS_COLUMN = '__class';
/** The column of the rule baseline's decision (1 = the brief's rule acts on the row). */
export const BASELINE_COLUMN = '__baseline';
