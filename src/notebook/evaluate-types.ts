/** How many resamples the bootstrap draws, and its seed: the same seed gives the same intervals. */
export interface BootstrapSpec {
  readonly resamples: number;
  readonly seed: number;
}

/**
 * An evaluate cell: the runs of a predictions table (as a Train cell writes it) judged against the
 * case's brief: metrics with intervals, curves, slices, the business value and a verdict.
 */
export interface EvaluateConfig {
  /** A predictions table: run_id, run, role, row_id, truth, score. */
  readonly input: string;
  /** Act when score ≥ threshold; null: each run at the threshold that maximises the brief's value. */
  readonly threshold: number | null;
  /** Columns of the brief's input table to slice the validation rows by. */
  readonly slices: readonly string[];
  readonly bootstrap: BootstrapSpec;
  /** The run the verdict is about; null: the model or trial run best on the brief's metric. */
  readonly model: string | null;
  /** The run in production today, which the model must beat; null when there is none. */
  readonly champion: string | null;
}

/** A new evaluate cell's bootstrap: 1,000 resamples, seed 42. */
export const DEFAULT_BOOTSTRAP: BootstrapSpec = { resamples: 1000, seed: 42 };
