import { METRIC_LABELS } from '../../notebook/metrics';
import type { RunBatchBundle } from '../../notebook/runs';
import type { ModelsSection } from '../../report';

/** The model comparison of a stored batch. */
export function modelsSection(heading: string, bundle: RunBatchBundle): ModelsSection {
  const { batch } = bundle;
  const metric = batch.framing.metric;
  return {
    kind: 'models',
    heading,
    batchId: batch.id,
    trainedAt: batch.finishedAt,
    metric: METRIC_LABELS[metric],
    bar: batch.framing.bar,
    rows: batch.data.rows,
    runs: bundle.runs.map((r) => ({
      id: r.id,
      label: r.label,
      role: r.role === 'trial' ? 'search trial' : r.role,
      status: r.status,
      metric: r.metrics[metric] ?? null,
      trainMetric: r.trainMetric,
      durationMs: r.durationMs,
    })),
    best: batch.best,
    note: null,
  };
}
