import type { EvaluationRecord } from '../notebook/evaluations';
import { asCaseId, asCellId, asRunId } from '../notebook/ids';

/** Test helper: an evaluation record of a run (run-1 of batch-1 in case-1 by default). */
export function evaluationRecord(
  options: { id?: string; caseId?: string; runId?: string; batchId?: string; evaluatedAt?: string } = {},
): EvaluationRecord {
  return {
    id: options.id ?? 'e'.repeat(64),
    caseId: asCaseId(options.caseId ?? 'case-1'),
    cellId: asCellId('evaluate-1'),
    runId: asRunId(options.runId ?? 'run-1'),
    batchId: options.batchId ?? 'batch-1',
    predictions: 'predictions',
    evaluatedAt: options.evaluatedAt ?? '2026-04-01T00:00:00.000Z',
    appVersion: '0.1.0',
    evaluation: {
      metric: 'roc_auc',
      value: 0.84,
      lower: 0.8,
      upper: 0.88,
      level: 0.95,
      rows: 200,
      threshold: 0.31,
      valuePer1000: 1234.5,
      bar: 0.8,
      clearsBar: true,
      verdict: ['Logistic regression clears the bar.'],
    },
  };
}
