/** The multiclass metrics a brief or an evaluation can name (keys as stored in runs). */
export const MULTICLASS_METRICS = [
  'macro_f1',
  'accuracy',
  'log_loss',
  'roc_auc_ovr_macro',
  'roc_auc_ovr_weighted',
  'weighted_f1',
  'macro_precision',
  'macro_recall',
  'weighted_precision',
  'weighted_recall',
] as const;

export type MulticlassMetricName = (typeof MULTICLASS_METRICS)[number];

/** Whether a larger value is better (every one but log loss). */
export function multiclassHigherIsBetter(name: MulticlassMetricName): boolean {
  return name !== 'log_loss';
}
