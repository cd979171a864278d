import type { Task } from '../ml/task';

/*
 * The metrics a brief can name, what people call them, and which way is better: shared by the
 * brief, the train and evaluate cells, the Runs view and the status badges.
 */

export const METRICS = {
  binary: ['roc_auc', 'pr_auc', 'f1', 'accuracy', 'log_loss', 'brier'],
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
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  mape: 'MAPE',
};

const HIGHER_IS_BETTER: Record<Metric, boolean> = {
  roc_auc: true,
  pr_auc: true,
  f1: true,
  accuracy: true,
  r2: true,
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
