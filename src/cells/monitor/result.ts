import type { TableResult } from '../../data/catalog';
import type { BatchDrift, ClassMixDrift, DriftLevel, PredictionDrift } from '../../ml/drift';
import type { FeaturesConfig } from '../../notebook/kinds/features';
import type { ModelStage } from '../../notebook/registry';
import type { TrainConfig } from '../../notebook/train-types';
import type { Metric, Task } from '../../notebook/types';
import type { VersionComparison } from './compare';
import type { MulticlassVersionComparison } from './compare-multiclass';

/** The version a monitor watches (or compares), as its output names it. */
export interface WatchedVersion {
  readonly version: number;
  readonly stage: ModelStage;
  readonly name: string;
  readonly sha256: string;
  readonly task: Task;
  /** Binary: act when score ≥ threshold; null for regression, multiclass or a model that acts on no one. */
  readonly threshold: number | null;
  /** Multiclass: the version's classes, in order; null otherwise. */
  readonly classes?: readonly string[] | null;
  /** The table its bundle says its features were made from. */
  readonly trainedOn: string;
}

/** The brief's metric on a batch whose labels have arrived. */
export type BatchPerformance =
  | { readonly state: 'waiting'; readonly reason: string }
  | {
      readonly state: 'measured';
      readonly metric: Metric;
      /** Null when the labelled rows leave it undefined (one class). */
      readonly value: number | null;
      readonly lower: number | null;
      readonly upper: number | null;
      readonly level: number;
      readonly labelled: number;
      /** Binary with the brief's outcome values: value per 1,000 rows at the version's threshold. */
      readonly valuePer1000: number | null;
      readonly bar: number | null;
      /** Null without a bar or a value. */
      readonly clearsBar: boolean | null;
      readonly verdict: string;
    };

export type AlertLevel = 'watch' | 'act';

export interface MonitorAlert {
  readonly batch: string;
  readonly level: AlertLevel;
  /** What fired, for people: "PSI of distance 0.31 ≥ 0.25". */
  readonly text: string;
}

export interface MonitoredBatch {
  readonly label: string;
  readonly rows: number;
  readonly drift: BatchDrift;
  /**
   * The drift of what the version predicts: its scores (binary, regression), or for a multiclass
   * version the mix of the classes it decides under its rule (`kind: 'class-mix'`).
   */
  readonly prediction: PredictionDrift | ClassMixDrift;
  readonly performance: BatchPerformance;
  /** Rows with a label, and of them the positive class (binary); null without a label column. */
  readonly labels: { readonly labelled: number; readonly positive: number } | null;
  readonly level: DriftLevel;
}

export interface MonitorOutput {
  readonly kind: 'monitor';
  readonly model: WatchedVersion;
  /** The reference: the table and its rows. */
  readonly reference: { readonly table: string; readonly rows: number };
  readonly batches: readonly MonitoredBatch[];
  readonly alerts: readonly MonitorAlert[];
  /** Features not monitored and why (a time column), and bins used where fewer than asked. */
  readonly notes: readonly string[];
  readonly thresholds: { readonly moderate: number; readonly major: number };
  readonly comparison: VersionComparisonOutput | null;
  /** The feature SQL the version scores the batches with. */
  readonly featureSql: string;
  /** The specs "Retrain on recent data" repeats, or why it cannot (an imported version). */
  readonly retrain: RetrainSource | string;
}

/** A challenger against the watched version on one batch's rows that neither trained on. */
export interface VersionComparisonOutput {
  readonly challenger: WatchedVersion;
  readonly batch: string;
  /** Rows of the batch with a label. */
  readonly labelled: number;
  /** Of those, rows found in either version's training table, left out. */
  readonly excluded: number;
  readonly result: VersionComparison | MulticlassVersionComparison;
  /** The disagreements table written, for SQL. */
  readonly table: TableResult | null;
}

export interface MonitorProgress {
  readonly kind: 'monitor';
  readonly stage: 'checking' | 'drift' | 'scoring' | 'performance' | 'comparing';
}

/** The specs a retrain repeats: the features cell's and the train cell's of the run v1 was promoted from. */
export interface RetrainSource {
  readonly features: FeaturesConfig;
  readonly train: TrainConfig;
}
