import type {
  AveragedMetrics,
  CalibrationBin,
  ClassMetrics,
  Confusion,
  DecileRow,
  MulticlassConfusion,
  MulticlassMetricName,
  PairedBootstrapResult,
  ResidualSummary,
  SliceReport,
} from '../../ml/metrics';
import type { RegressionCost, ValuePoint } from '../../ml/value';
import type { EvaluationRef } from '../../notebook/evaluations';
import type { Metric, Task } from '../../notebook/types';
import type { RunRole } from '../../notebook/runs';

/** The metrics an evaluate cell reports: the brief's, precision and recall, and the multiclass averages. */
export type EvalMetric = Metric | 'precision' | 'recall' | MulticlassMetricName;

/** A metric on the validation rows with its bootstrap interval; null values where undefined. */
export interface Estimate {
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Why there is no value (one class, a rule that gives no probabilities); null when there is one. */
  readonly undefinedBecause: string | null;
}

/** Where the threshold a run is judged at came from. */
export type ThresholdSource = 'cell' | 'best-value' | 'default' | 'rule';

/** The value of acting on a run's scores at every threshold (binary, when the brief values outcomes). */
export interface ValueSummary {
  /** Act on none first, then each distinct score descending: counts and value per 1,000 cases. */
  readonly points: readonly ValuePoint[];
  readonly best: ValuePoint;
  readonly atThreshold: ValuePoint;
  readonly doNothing: ValuePoint;
  readonly actOnAll: ValuePoint;
}

/** Metrics of the validation rows per value (or quantile bin) of one column, worst first. */
export interface SliceTable {
  readonly column: string;
  readonly binned: boolean;
  readonly report: SliceReport;
}

interface RunBase {
  readonly id: string;
  readonly label: string;
  readonly role: RunRole;
  readonly metrics: Partial<Record<EvalMetric, Estimate>>;
  readonly slices: readonly SliceTable[];
}

export interface BinaryRun extends RunBase {
  readonly kind: 'binary';
  /** Scores are probabilities (log loss, Brier and calibration mean something). */
  readonly probabilities: boolean;
  /** Act when score ≥ threshold; null: act on no one (the value is highest that way). */
  readonly threshold: number | null;
  readonly thresholdSource: ThresholdSource;
  readonly confusion: Confusion;
  /** sklearn's roc_curve points (corners only). */
  readonly roc: { readonly fpr: Float64Array; readonly tpr: Float64Array };
  readonly pr: { readonly recall: Float64Array; readonly precision: Float64Array };
  /** Reliability diagram, ten equal-width bins; null when the scores are not probabilities. */
  readonly calibration: readonly CalibrationBin[] | null;
  readonly deciles: readonly DecileRow[];
  /** With the brief's values (all 0 when it gives none: see EvaluateResult.valued). */
  readonly value: ValueSummary;
}

export interface RegressionRun extends RunBase {
  readonly kind: 'regression';
  readonly residuals: ResidualSummary;
  /** Prediction and residual (truth − prediction) of each validation row, in row order. */
  readonly prediction: Float64Array;
  readonly residual: Float64Array;
  /** The brief's cost of errors (unit cost over / under). */
  readonly cost: RegressionCost;
}

/** One class's row of the multiclass report (sklearn's classification_report). */
export interface ClassRow extends ClassMetrics {
  readonly class: string;
}

/** One class against the rest, scored by its own probability (sklearn's one-vs-rest curves). */
export interface ClassCurves {
  readonly class: string;
  /** Validation rows of this class. */
  readonly support: number;
  /** sklearn's roc_curve points (corners only); empty when the class has no rows or every row. */
  readonly roc: { readonly fpr: Float64Array; readonly tpr: Float64Array };
  /** precision_recall_curve's points without its closing one; empty when the class has no rows. */
  readonly pr: { readonly recall: Float64Array; readonly precision: Float64Array };
  readonly rocAuc: number | null;
  readonly averagePrecision: number | null;
  /** Reliability of P(class): ten equal-width bins, empty ones left out (sklearn calibration_curve). */
  readonly calibration: readonly CalibrationBin[];
}

export interface MulticlassRun extends RunBase {
  readonly kind: 'multiclass';
  readonly classes: readonly string[];
  /** In class order; the macro and weighted averages are in `metrics` with their intervals. */
  readonly perClass: readonly ClassRow[];
  /** Per class, in class order: its one-vs-rest ROC and PR curves, AUC and average precision. */
  readonly curves: readonly ClassCurves[];
  /** Of the decision (value.rule): counts[true][predicted] and each row divided by its total. */
  readonly confusion: MulticlassConfusion;
  /** The averages of the per-class report of that decision (no interval; `metrics` are arg-max's). */
  readonly decided: {
    readonly macro: AveragedMetrics;
    readonly weighted: AveragedMetrics;
    readonly accuracy: number;
  };
  /** The decision's cost under the brief's cost matrix, and the cheapest single class for all. */
  readonly value: {
    readonly rule: 'arg-max' | 'min-expected-cost';
    readonly costPerThousand: number;
    readonly bestConstant: { readonly class: string; readonly costPerThousand: number };
  };
}

export type RunEvaluation = BinaryRun | RegressionRun | MulticlassRun;

/** The chosen run against another on the brief's metric, on the same rows (paired bootstrap). */
export interface Comparison {
  readonly against: 'baseline' | 'rule' | 'champion';
  readonly id: string;
  readonly label: string;
  /** chosen − other, with the interval and the two-sided bootstrap p-value. */
  readonly test: PairedBootstrapResult;
  /** Whether the chosen run is better on the metric (its direction counted); null when undefined. */
  readonly better: boolean | null;
  /** Whether the interval of the difference leaves out 0. */
  readonly significant: boolean | null;
}

/** Value per 1,000 cases of the chosen run and of the alternatives (binary). */
export interface ValueVerdict {
  readonly chosen: ValuePoint;
  readonly doNothing: ValuePoint;
  readonly actOnAll: ValuePoint;
  /** The baseline at its own best threshold; null without a baseline run. */
  readonly baseline: ValuePoint | null;
  /** Acting where the rule says so; null without a rule run. */
  readonly rule: ValuePoint | null;
}

/** Cost per 1,000 cases of the chosen run and of the baseline (regression). */
export interface CostVerdict {
  readonly chosen: RegressionCost;
  readonly baseline: RegressionCost | null;
}

export interface Verdict {
  readonly id: string;
  readonly label: string;
  readonly metric: Metric;
  readonly estimate: Estimate;
  readonly bar: number | null;
  /** Null without a bar or without a value. */
  readonly clearsBar: boolean | null;
  readonly comparisons: readonly Comparison[];
  readonly value: ValueVerdict | null;
  readonly cost: CostVerdict | null;
  /** Multiclass: cost per 1,000 cases of the chosen run's decision (its value.rule) and of the baseline's. */
  readonly classCost?: { readonly chosen: number; readonly baseline: number | null } | null;
  /** The verdict for people, one finding per sentence. */
  readonly sentences: readonly string[];
}

/** What an evaluate cell's run produced. */
export interface EvaluateResult {
  readonly input: string;
  readonly task: Task;
  readonly metric: Metric;
  readonly bar: number | null;
  /** Validation rows, the same for every run. */
  readonly rows: number;
  /** Binary: rows whose truth is 1. */
  readonly positives: number | null;
  /** Multiclass: the class names (absent or null otherwise). */
  readonly classes?: readonly string[] | null;
  /** Binary: the brief gives some outcome a value (else thresholds are not chosen by value). */
  readonly valued: boolean;
  readonly runs: readonly RunEvaluation[];
  /** Null when the table has no model or trial run to judge. */
  readonly verdict: Verdict | null;
  readonly bootstrap: { readonly resamples: number; readonly seed: number; readonly level: number };
  /** What people should know: a slice column left out, a chosen run no longer in the table. */
  readonly notices: readonly string[];
  /**
   * The evaluation record of the verdict, stored in the lineage (issue 22, item 3); null when the
   * verdict judged no stored run, absent where it was never recorded.
   */
  readonly record?: EvaluationRef | null;
}

/** An evaluate cell's run, as the runtime keeps it. */
export type EvaluateOutput = { readonly kind: 'evaluate' } & EvaluateResult;
