/** The options and results of an A/B analysis (analysis.ts). */
import type { AbBootstrapOptions, AbBootstrapResult } from './bootstrap';
import type { AbWarning } from './checks';
import type { MeanSummary, WelchResult } from './means';
import type { TestResult, TestSide } from './proportions';
import type { Alternative, Effect, Interval } from './types';
import type { Verdict } from './verdict';

/** What a converted and a non-converted user are worth, and what being in an arm costs per user. */
export interface OutcomeValues {
  readonly converted: number;
  readonly notConverted: number;
  /** E.g. the retention call: a cost per treated user. Arms not named cost nothing. */
  readonly costPerUser?: Readonly<Record<string, number>>;
}

export interface AnalysisOptions {
  readonly control: string;
  /** The design's MDE; its sign is the hoped-for direction. */
  readonly mde: Effect;
  readonly alpha?: number;
  readonly alternative?: Alternative;
  /** The metric the verdict reads: the rate (default) or the per-user value's mean. */
  readonly primary?: 'rate' | 'mean';
  /** The planned share of users per arm, for the sample-ratio check; equal shares by default. */
  readonly plannedShares?: Readonly<Record<string, number>>;
  /** The design's users per arm, for the peeking check. */
  readonly plannedPerArm?: number;
  readonly outcomeValues?: OutcomeValues;
  /** Percentile bootstrap (seeded); none when absent or null. */
  readonly bootstrap?: AbBootstrapOptions | null;
}

export interface ArmResult {
  readonly name: string;
  readonly users: number;
  readonly conversions: number;
  readonly rate: number;
  /** Wilson's interval of the arm's rate at the analysis's interval level. */
  readonly rateInterval: { readonly lower: number; readonly upper: number };
  readonly mean: MeanSummary | null;
  /** From the outcome values: rate · converted + (1 − rate) · notConverted − cost per user. */
  readonly valuePerUser: number | null;
}

export interface RateComparison {
  readonly difference: number;
  readonly relativeLift: number | null;
  readonly wald: Interval;
  readonly newcombe: Interval;
  readonly relativeLiftInterval: Interval;
  readonly zTest: TestResult;
  /** Holm-adjusted over the comparisons; equal to the raw p-value with one treatment. */
  readonly adjustedPValue: number;
  readonly bootstrap: AbBootstrapResult | null;
}

export interface MeanComparison {
  readonly difference: number;
  readonly relativeLift: number | null;
  readonly welch: Interval;
  readonly relativeLiftInterval: Interval;
  readonly tTest: WelchResult | null;
  readonly adjustedPValue: number | null;
  readonly bootstrap: AbBootstrapResult | null;
}

export interface ValueComparison {
  readonly perUser: { readonly difference: number; readonly interval: Interval };
  readonly per1000: { readonly difference: number; readonly interval: Interval };
}

export interface Comparison {
  readonly arm: string;
  readonly rate: RateComparison;
  readonly mean: MeanComparison | null;
  readonly value: ValueComparison | null;
  /** Null only when a relative MDE meets a control rate (or mean) of 0. */
  readonly verdict: Verdict | null;
}

export interface AbAnalysis {
  readonly control: string;
  readonly arms: readonly ArmResult[];
  readonly comparisons: readonly Comparison[];
  readonly alpha: number;
  readonly alternative: Alternative;
  /** The tests' side, treatment − control: the MDE's direction when one-sided. */
  readonly side: TestSide;
  /** Intervals are two-sided at 1 − α (1 − 2α one-sided, so that the hoped-for bound is one-sided 1 − α). */
  readonly intervalLevel: number;
  readonly sampleRatio: { readonly statistic: number; readonly df: number; readonly pValue: number };
  readonly warnings: readonly AbWarning[];
}
