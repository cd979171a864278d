import { describe, expect, it } from 'vitest';
import { METRIC_LABELS, METRICS, metricHigherIsBetter } from './metrics';

describe('metrics', () => {
  it('says which way each metric is better', () => {
    expect(METRICS.binary.filter(metricHigherIsBetter)).toEqual(['roc_auc', 'pr_auc', 'f1', 'accuracy']);
    expect(METRICS.regression.filter(metricHigherIsBetter)).toEqual(['r2']);
  });

  it('names every metric of both tasks', () => {
    expect([...METRICS.binary, ...METRICS.regression].map((m) => METRIC_LABELS[m])).toEqual([
      'ROC AUC',
      'PR AUC',
      'F1',
      'accuracy',
      'log loss',
      'Brier',
      'RMSE',
      'MAE',
      'R²',
      'MAPE',
    ]);
  });
});
