/**
 * The steps of a `clean` cell: plain JSON, stored in the document. Each recipe compiles to one
 * SQL step (see `compile.ts`); fitted values (an imputed mean) live in the step, so the SQL that
 * comes out is portable and runs unchanged in native DuckDB.
 */

/** The types a `cast` step can produce. */
export const CAST_TARGETS = [
  'DOUBLE',
  'BIGINT',
  'INTEGER',
  'BOOLEAN',
  'DATE',
  'TIMESTAMP',
  'VARCHAR',
] as const;
export type CastTarget = (typeof CAST_TARGETS)[number];

export interface CastRecipe {
  readonly recipe: 'cast';
  readonly column: string;
  readonly to: CastTarget;
}

export interface ParseDateRecipe {
  readonly recipe: 'parse-date';
  readonly column: string;
  /** A strptime format ("%d/%m/%Y"); without a time part the result is a DATE, else a TIMESTAMP. */
  readonly format: string;
}

export interface TrimRecipe {
  readonly recipe: 'trim';
  readonly column: string;
  readonly lower?: boolean;
  /** Runs of whitespace inside the value become one space. */
  readonly collapseSpaces?: boolean;
}

export interface PlaceholderNullRecipe {
  readonly recipe: 'placeholder-null';
  readonly column: string;
  /** Matched case-insensitively after trimming: "N/A", "unknown", "" (blank). */
  readonly tokens: readonly string[];
}

export type ImputeMethod = 'mean' | 'median' | 'mode' | 'constant';

export interface ImputeRecipe {
  readonly recipe: 'impute';
  readonly column: string;
  readonly method: ImputeMethod;
  /** The fill value of `constant`. */
  readonly value?: string | number;
  /** Adds a BOOLEAN column `<column>_missing` that is true where the value was filled. */
  readonly indicator?: boolean;
  /** What `fitStep` learned (mean, median, mode); null when the column had nothing to learn from. */
  readonly fitted?: string | number | null;
}

export interface MergeCategoriesRecipe {
  readonly recipe: 'merge-categories';
  readonly column: string;
  /** Value as found → value it becomes; values not listed stay as they are. */
  readonly mapping: Readonly<Record<string, string>>;
}

export interface ClipOutliersRecipe {
  readonly recipe: 'clip-outliers';
  readonly column: string;
  /** null: no bound on that side. */
  readonly lower: number | null;
  readonly upper: number | null;
  /** `clip` (the default) moves values to the bound; `drop` removes their rows. NULLs are kept. */
  readonly action?: 'clip' | 'drop';
}

export type DedupeRecipe =
  | { readonly recipe: 'dedupe'; readonly mode: 'exact' }
  | {
      readonly recipe: 'dedupe';
      readonly mode: 'key';
      readonly keys: readonly string[];
      /** The row kept per key is the one with the largest value here (NULLs last). */
      readonly orderBy: string;
      readonly keepLatest: true;
    };

export interface FilterRecipe {
  readonly recipe: 'filter';
  /** A SQL boolean expression written by the user; rows where it is true are kept. */
  readonly where: string;
}

export interface DropColumnsRecipe {
  readonly recipe: 'drop-columns';
  readonly columns: readonly string[];
}

export interface RenameRecipe {
  readonly recipe: 'rename';
  readonly from: string;
  readonly to: string;
}

export interface SqlRecipe {
  readonly recipe: 'sql';
  /** A query that reads the previous step as `input`. */
  readonly sql: string;
}

/** A step without its id: what the profile proposes, and what the UI creates. */
export type Recipe =
  | CastRecipe
  | ParseDateRecipe
  | TrimRecipe
  | PlaceholderNullRecipe
  | ImputeRecipe
  | MergeCategoriesRecipe
  | ClipOutliersRecipe
  | DedupeRecipe
  | FilterRecipe
  | DropColumnsRecipe
  | RenameRecipe
  | SqlRecipe;

export type RecipeName = Recipe['recipe'];

export interface StepMeta {
  readonly id: string;
  /** Disabled steps stay in the list and are skipped by the compiler. */
  readonly enabled: boolean;
}

export type CleanStep = StepMeta & Recipe;

/** A column as DESCRIBE reports it. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: string;
}

/** A proposal (or any recipe) as a step of the list, enabled. */
export function toStep(recipe: Recipe, id: string): CleanStep {
  return { ...recipe, id, enabled: true };
}
