import { briefCostMatrix } from '../../data/brief-multiclass';
import type { EvaluateConfig } from '../../notebook/evaluate-types';
import type { RunBatchBundle } from '../../notebook/runs';
import type { BriefConfig } from '../../notebook/types';
import { LEVEL } from './binary';
import { decisionRuleOf, evaluateMulticlassRun } from './multiclass';
import type { ClassPredictionRun } from './read-multiclass';
import type { EvaluateResult, RunEvaluation } from './result';
import { buildVerdict } from './verdict';

/*
 * The evaluation of a stored multiclass batch (see stored.ts): each run's k probabilities per
 * validation row, put in row-id order, judged as the evaluate cell judges a multiclass
 * predictions table.
 */
export function evaluateStoredMulticlass(
  bundle: RunBatchBundle,
  classes: readonly string[],
  brief: BriefConfig,
  config: EvaluateConfig,
): EvaluateResult {
  const { batch } = bundle;
  const k = classes.length;
  const order = Array.from(batch.validationRowIds, (_, i) => i).sort(
    (a, b) => (batch.validationRowIds[a] ?? 0) - (batch.validationRowIds[b] ?? 0),
  );
  const n = order.length;
  const truth = Float64Array.from(order, (i) => batch.validationTruth[i] ?? 0);
  const scores = new Map(bundle.artifacts.map((a) => [a.runId, a.scores]));
  const scored = bundle.runs.flatMap((run): ClassPredictionRun[] => {
    const score = scores.get(run.id);
    if (!score || run.status !== 'done' || score.length !== n * k) return [];
    const data = new Float64Array(n * k);
    order.forEach((from, to) => data.set(score.subarray(from * k, (from + 1) * k), to * k));
    return [{ id: run.id, label: run.label, role: run.role, probabilities: { data, rows: n, classes: k } }];
  });
  const costs = briefCostMatrix(brief, classes);
  const { bootstrap } = config;
  const runs: RunEvaluation[] = scored.map((run) =>
    evaluateMulticlassRun(run, {
      truth,
      classes,
      costs,
      rule: decisionRuleOf(brief),
      bootstrap,
      metric: brief.metric,
    }),
  );
  const verdict = buildVerdict({
    runs,
    scores: new Map(scored.map((r) => [r.id, Float64Array.from(r.probabilities.data)])),
    truth,
    metric: brief.metric,
    bar: brief.bar,
    valued: false,
    model: config.model,
    champion: config.champion,
    bootstrap,
  });
  return {
    input: config.input,
    task: 'multiclass',
    metric: brief.metric,
    bar: brief.bar,
    rows: n,
    positives: null,
    classes,
    valued: false,
    runs,
    verdict: verdict.verdict,
    bootstrap: { ...bootstrap, level: LEVEL },
    notices: verdict.notices,
  };
}
