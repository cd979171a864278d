import type { EvaluateConfig } from '../../notebook/evaluate-types';
import type { RunBatchBundle } from '../../notebook/runs';
import type { BriefConfig } from '../../notebook/types';
import { evaluateBinaryRun, LEVEL } from './binary';
import type { PredictionRun } from './read';
import { evaluateRegressionRun } from './regression';
import type { EvaluateResult, RunEvaluation } from './result';
import { evaluateStoredMulticlass } from './stored-multiclass';
import { buildVerdict } from './verdict';

/*
 * The evaluation of a stored batch, without DuckDB: the same numbers the evaluate cell computes
 * from the predictions table the batch wrote (rows in row_id order, runs in the order they
 * trained), but read from the stored runs, so that a report made months later says what the
 * runs said. Slices need the input table and are left out.
 */

/** The batch's scored runs as a predictions table would give them: validation rows by row id. */
export function storedPredictions(bundle: RunBatchBundle): { truth: Float64Array; runs: PredictionRun[] } {
  const { batch } = bundle;
  const order = Array.from(batch.validationRowIds, (_, i) => i).sort(
    (a, b) => (batch.validationRowIds[a] ?? 0) - (batch.validationRowIds[b] ?? 0),
  );
  const truth = Float64Array.from(order, (i) => batch.validationTruth[i] ?? 0);
  const scores = new Map(bundle.artifacts.map((a) => [a.runId, a.scores]));
  const runs = bundle.runs.flatMap((run): PredictionRun[] => {
    const score = scores.get(run.id);
    if (!score || run.status !== 'done') return [];
    return [
      { id: run.id, label: run.label, role: run.role, score: Float64Array.from(order, (i) => score[i] ?? 0) },
    ];
  });
  return { truth, runs };
}

/** The evaluate cell's result for a stored batch, judged against `brief` with `config`'s settings. */
export function evaluateStoredBatch(
  bundle: RunBatchBundle,
  brief: BriefConfig,
  config: EvaluateConfig,
): EvaluateResult {
  const classes = bundle.batch.data.classes;
  if (brief.task === 'multiclass' && classes !== undefined) {
    return evaluateStoredMulticlass(bundle, classes, brief, config);
  }
  const { truth, runs: scored } = storedPredictions(bundle);
  const valued = Object.values(brief.values).some((v) => v !== 0);
  const { threshold, bootstrap } = config;
  const runs: RunEvaluation[] = scored.map((run) =>
    brief.task === 'binary'
      ? {
          ...evaluateBinaryRun(run, { truth, values: brief.values, valued, threshold, bootstrap }),
          slices: [],
        }
      : { ...evaluateRegressionRun(run, { truth, unitCost: brief.unitCost, bootstrap }), slices: [] },
  );
  const verdict = buildVerdict({
    runs,
    scores: new Map(scored.map((r) => [r.id, r.score])),
    truth,
    metric: brief.metric,
    bar: brief.bar,
    valued,
    model: config.model,
    champion: config.champion,
    bootstrap,
  });
  return {
    input: config.input,
    task: brief.task,
    metric: brief.metric,
    bar: brief.bar,
    rows: truth.length,
    positives: brief.task === 'binary' ? truth.reduce((s, v) => s + v, 0) : null,
    valued,
    runs,
    verdict: verdict.verdict,
    bootstrap: { ...bootstrap, level: LEVEL },
    notices: verdict.notices,
  };
}
