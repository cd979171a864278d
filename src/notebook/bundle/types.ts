import type { FeatureSpec } from '../feature-types';
import type { ModelKind } from '../model-types';
import type { MetricValues, StoredModel } from '../runs';
import type { Metric, OutcomeValues, Task as CaseTask } from '../types';

/** Binary and regression bundles give one score per row; multiclass ones a probability per class. */
export type BundleTask = CaseTask;
type Task = BundleTask;

/*
 * A model bundle: one file that holds everything needed to score new rows with a model outside
 * the notebook that trained it — the fitted model, the fitted feature spec (from which the
 * feature SQL is generated), the input schema seen in training, the decision threshold, the
 * evaluation and the lineage — and the SHA-256 of its contents. docs/bundle.md describes the
 * format for people; `read.ts` is its only reader, `write.ts` its only writer.
 */

export const BUNDLE_FORMAT = 'casebook-model-bundle';
/** The newest format this Casebook reads and writes: 2 added multiclass models. */
export const BUNDLE_FORMAT_VERSION = 2;
/** Every format this Casebook reads. */
export type BundleFormatVersion = 1 | 2;

/**
 * The format a bundle of `task` is written in: the oldest that holds it, so that binary and
 * regression bundles stay format 1, which every earlier Casebook reads; multiclass needs 2.
 */
export function formatVersionFor(task: Task): BundleFormatVersion {
  return task === 'multiclass' ? 2 : 1;
}

/** What a column of the input is read as by the features (CAST … AS DOUBLE / VARCHAR / TIMESTAMP / BOOLEAN). */
export type ColumnUse = 'number' | 'text' | 'time' | 'boolean';

/**
 * One column of the model's input table (the features cell's input) that the features read, as
 * seen in the rows it was profiled on. Each block is present when some feature reads the column
 * that way.
 */
export interface InputColumn {
  readonly name: string;
  /** DuckDB's type name in training: DOUBLE, BIGINT, VARCHAR, DATE, TIMESTAMP, BOOLEAN, … */
  readonly type: string;
  /** Rows whose value was NULL. */
  readonly nulls: number;
  /** Read as a number: the smallest and largest value; null when every value was NULL. */
  readonly number?: { readonly min: number; readonly max: number } | null;
  /**
   * Read as text: every distinct value (as text, in code-point order), or null when there were
   * more than `MAX_CATEGORIES` (new values are then not checked); and how many there were.
   */
  readonly text?: { readonly categories: readonly string[] | null; readonly distinct: number };
  /** Read as a time: the earliest and latest, as DuckDB prints a TIMESTAMP; null when all NULL. */
  readonly time?: { readonly min: string; readonly max: string } | null;
  /** Read as true/false. */
  readonly boolean?: true;
}

/** A value of the input example: dates and times as text, as DuckDB prints them. */
export type ExampleValue = string | number | boolean | null;

export interface InputSchema {
  /** The table the model's features were made from (the features cell's input). */
  readonly table: string;
  /** Rows the columns were profiled on (the whole input table). */
  readonly rows: number;
  readonly columns: readonly InputColumn[];
  /** A few input rows for people and tests: values by position in `columns`. */
  readonly example: {
    readonly columns: readonly string[];
    readonly rows: readonly (readonly ExampleValue[])[];
  };
}

/** Past this many distinct values, a text column's categories are not kept (nor checked). */
export const MAX_CATEGORIES = 1000;

/** Multiclass: costs[true][predicted] per case, rows and columns in the order of `model.classes`. */
export type BundleCostMatrix = readonly (readonly number[])[];

/** How a score becomes a decision, and what each outcome is worth. */
export interface BundleDecision {
  readonly task: Task;
  /** Binary: the target's positive class as text (score = its probability); null for regression. */
  readonly positive: string | null;
  /** Binary: act when score ≥ threshold; null: act on no one (or regression, which has none). */
  readonly threshold: number | null;
  /** Binary: the brief's value of each outcome; null for regression. */
  readonly values: OutcomeValues | null;
  /** Regression: the cost of one unit of error over and under the truth; null for binary. */
  readonly unitCost: { readonly over: number; readonly under: number } | null;
  /**
   * Multiclass only (format 2), and only when the brief has a cost matrix: each row gets the class
   * of least expected cost under it. Absent: the most probable class (arg-max).
   */
  readonly costs?: BundleCostMatrix;
}

/**
 * The evaluation that justified a model: the brief's metric on the validation rows with its
 * bootstrap interval, the value at the chosen threshold, and the verdict. Kept with every model
 * version in the registry and in the bundle.
 */
export interface ModelEvaluation {
  readonly metric: Metric;
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Of the interval: 0.95. */
  readonly level: number;
  /** Validation rows it was measured on. */
  readonly rows: number;
  readonly threshold: number | null;
  /** Binary with valued outcomes: value per 1,000 cases at the threshold; null otherwise. */
  readonly valuePer1000: number | null;
  readonly bar: number | null;
  readonly clearsBar: boolean | null;
  /** The verdict for people, one finding per sentence. */
  readonly verdict: readonly string[];
}

/**
 * What a bundle holds: any stored model. Format 1 holds those with one score per row (binary or
 * regression); format 2 also the multiclass ones (their own kinds, or a GBDT or network trained
 * on k classes).
 */
export type BundledModel = StoredModel;

/** The model kind a bundle names for an artifact: a multiclass kind is its family's kind. */
export function bundleKindOf(model: StoredModel): ModelKind {
  switch (model.kind) {
    case 'baseline-multiclass':
      return 'baseline';
    case 'logistic-multiclass':
      return 'logistic';
    case 'tree-multiclass':
      return 'tree';
    default:
      return model.kind;
  }
}

export interface BundleModel {
  /** For people: "Telco churn — Gradient-boosted trees". */
  readonly name: string;
  /** The version it had in the registry that wrote the bundle; null when written from a run. */
  readonly version: number | null;
  readonly kind: ModelKind;
  readonly task: Task;
  /** The model's input columns, in order: exactly the feature SQL's output columns. */
  readonly featureNames: readonly string[];
  /**
   * Multiclass only (format 2): the class labels in the order of the model's probabilities (the
   * target's classes sorted by code point, as the features encode them).
   */
  readonly classes?: readonly string[];
  readonly artifact: BundledModel;
}

export interface BundleFeatures {
  /** The fitted spec: the feature SQL is generated from it, and only from it. */
  readonly spec: FeatureSpec;
  /** That SQL as it was generated when the bundle was written: for people, never executed. */
  readonly sql: string;
}

/** Where the model came from. Preparation SQL is kept for provenance and never executed by scoring. */
export interface BundleLineage {
  readonly caseId: string;
  readonly caseTitle: string;
  readonly runId: string;
  readonly runLabel: string;
  /** ISO 8601: when the run finished training. */
  readonly trainedAt: string;
  /** The Casebook that trained it. */
  readonly trainedWith: string;
  /** SHA-256 of the training matrix, target, row ids, split and feature names; null when unknown. */
  readonly dataFingerprint: string | null;
  readonly sources: readonly {
    readonly table: string;
    readonly fileName: string;
    readonly sha256: string;
  }[];
  /** The SQL that made each table up to the model's input table, upstream first. */
  readonly preparation: readonly { readonly table: string; readonly label: string; readonly sql: string }[];
}

export interface ModelBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: BundleFormatVersion;
  /** SHA-256 (hex) of the canonical JSON (RFC 8785) of every other field. */
  readonly sha256: string;
  /** ISO 8601. */
  readonly createdAt: string;
  /** The Casebook that wrote the bundle. */
  readonly appVersion: string;
  readonly model: BundleModel;
  readonly features: BundleFeatures;
  readonly input: InputSchema;
  readonly decision: BundleDecision;
  readonly evaluation: ModelEvaluation | null;
  /** Every metric of the task on the validation rows, as the run recorded them. */
  readonly metrics: MetricValues;
  readonly lineage: BundleLineage;
}

/** A bundle before its hash: what `buildBundle` is given. */
export type BundleContents = Omit<ModelBundle, 'format' | 'formatVersion' | 'sha256'>;
