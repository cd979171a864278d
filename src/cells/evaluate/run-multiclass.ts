import { briefCostMatrix } from '../../data/brief-multiclass';
import type { EvaluateConfig } from '../../notebook/evaluate-types';
import type { BriefConfig } from '../../notebook/types';
import type { Slicer } from '../../ml/metrics';
import type { RunContext } from '../types';
import { LEVEL } from './binary';
import { decisionRuleOf, evaluateMulticlassRunSliced } from './multiclass';
import { readClassPredictions } from './read-multiclass';
import { predictionSlices } from './slices';
import type { EvaluateResult, RunEvaluation } from './result';
import { buildVerdictSliced } from './verdict';

/*
 * The evaluate cell on a multiclass predictions table: every run judged on the validation rows
 * (per-class report, confusion matrix, cost under the brief's matrix, all of the brief's decision
 * rule), then the verdict
 * on the chosen run (the bar, then the baseline and the champion by paired bootstrap), and each
 * run's metric per slice, worst first, its rows joined to their source as the binary cell does.
 */
export async function evaluateMulticlass(
  ctx: RunContext,
  brief: BriefConfig,
  config: EvaluateConfig,
  slicer: Slicer,
): Promise<EvaluateResult> {
  const data = await readClassPredictions(ctx.engine, config.input, ctx.signal);
  const costs = briefCostMatrix(brief, data.classes);
  // The rows the predictions number, as the binary cell joins them (refused when they changed).
  const { slices, notices } = await predictionSlices(ctx, brief, config);
  const runs: RunEvaluation[] = [];
  for (const run of data.runs) {
    await slicer.pause();
    const settings = {
      truth: data.truth,
      classes: data.classes,
      costs,
      rule: decisionRuleOf(brief),
      bootstrap: config.bootstrap,
      metric: brief.metric,
      slices,
    };
    runs.push(await evaluateMulticlassRunSliced(run, settings, slicer));
  }
  await slicer.pause();
  const verdict = await buildVerdictSliced(
    {
      runs,
      scores: new Map(data.runs.map((r) => [r.id, Float64Array.from(r.probabilities.data)])),
      truth: data.truth,
      metric: brief.metric,
      bar: brief.bar,
      valued: false,
      model: config.model,
      champion: config.champion,
      bootstrap: config.bootstrap,
    },
    slicer,
  );
  return {
    input: config.input,
    task: 'multiclass',
    metric: brief.metric,
    bar: brief.bar,
    rows: data.truth.length,
    positives: null,
    classes: data.classes,
    valued: false,
    runs,
    verdict: verdict.verdict,
    bootstrap: { ...config.bootstrap, level: LEVEL },
    notices: [...notices, ...verdict.notices],
  };
}
