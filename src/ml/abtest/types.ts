/** Shapes shared by the A/B design and analysis. */

/**
 * An effect on the rate (or the mean): absolute (treatment − control) or relative to the control
 * ((treatment − control) / control). Its sign is the hoped-for direction: +0.02 hopes for a rise,
 * −0.02 for a fall; a one-sided test looks in that direction only.
 */
export type Effect =
  | { readonly kind: 'absolute'; readonly value: number }
  | { readonly kind: 'relative'; readonly value: number };

/** Two-sided, or one-sided in the direction of the effect's sign. */
export type Alternative = 'two-sided' | 'one-sided';

/** A two-sided interval, or null with the reason when the data leave it undefined. */
export type Interval =
  | { readonly lower: number; readonly upper: number; readonly reason: null }
  | { readonly lower: null; readonly upper: null; readonly reason: string };

export function interval(lower: number, upper: number): Interval {
  return { lower, upper, reason: null };
}

export function noInterval(reason: string): Interval {
  return { lower: null, upper: null, reason };
}

/** Per-user values of one arm: as running sums (from SQL) or as the raw values. */
export type ValueSummary =
  | { readonly kind: 'moments'; readonly sum: number; readonly sumOfSquares: number }
  | { readonly kind: 'values'; readonly values: ArrayLike<number> };

/** One arm of a results table: users, users who converted, and optional per-user values. */
export interface ArmSummary {
  readonly name: string;
  readonly users: number;
  readonly conversions: number;
  readonly value?: ValueSummary;
}
