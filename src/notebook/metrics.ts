import type { Task } from '../ml/task';

/*
 * The metrics a brief can name, what people call them, and which way is better: shared by the
 * brief, the train and evaluate cells, the Runs view and the status badges.
 */

export const METRICS = {
  binary: ['roc_auc', 'pr_auc', 'f1', 'accuracy', 'log_loss', 'brier'],
  // Keys as src/ml/metrics MULTICLASS_METRICS names them; accuracy and log loss mean the same.
  multiclass: ['macro_f1', 'accuracy', 'log_loss', 'roc_auc_ovr_macro', 'roc_auc_ovr_weighted'],
  regression: ['rmse', 'mae', 'r2', 'mape'],
} as const;
export type Metric = (typeof METRICS)[Task][number];

export const METRIC_LABELS: Record<Metric, string> = {
  roc_auc: 'ROC AUC',
  pr_auc: 'PR AUC',
  f1: 'F1',
  accuracy: 'accuracy',
  log_loss: 'log loss',
  brier: 'Brier',
  macro_f1: 'macro F1',
  roc_auc_ovr_macro: 'ROC AUC (one-vs-rest, macro)',
  roc_auc_ovr_weighted: 'ROC AUC (one-vs-rest, weighted)',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  mape: 'MAPE',
};

/** The threshold a stored run's accuracy and F1 are computed at (a score ≥ 0.5 is positive). */
export const RUN_THRESHOLD = 0.5;

/**
 * A stored run's metric as tables and badges name it: a metric that needs a threshold says which
 * ("F1 at 0.5"), since the evaluate cell shows the same metric at its chosen threshold.
 */
export function runMetricLabel(metric: Metric): string {
  return metric === 'f1' || metric === 'accuracy'
    ? `${METRIC_LABELS[metric]} at ${RUN_THRESHOLD}`
    : METRIC_LABELS[metric];
}

const HIGHER_IS_BETTER: Record<Metric, boolean> = {
  roc_auc: true,
  pr_auc: true,
  f1: true,
  accuracy: true,
  r2: true,
  macro_f1: true,
  roc_auc_ovr_macro: true,
  roc_auc_ovr_weighted: true,
  log_loss: false,
  brier: false,
  rmse: false,
  mae: false,
  mape: false,
};

/** Whether a larger value of `metric` is better (ROC AUC) or worse (log loss). */
export function metricHigherIsBetter(metric: Metric): boolean {
  return HIGHER_IS_BETTER[metric];
}
