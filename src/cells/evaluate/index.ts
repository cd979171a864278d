import { METRIC_LABELS } from '../../notebook/metrics';
import type { CellUnit } from '../unit';
import EvaluateView from './EvaluateView.svelte';
import { evaluateSection, hasEvaluation } from './report';
import type { EvaluateOutput } from './result';
import { runEvaluate } from './run';
import { evaluateCache } from './cache';

/** "4 runs, ROC AUC 0.842, clears the bar". */
function doneText(output: EvaluateOutput): string {
  const v = output.verdict;
  const value = v?.estimate.value;
  return [
    `${output.runs.length} ${output.runs.length === 1 ? 'run' : 'runs'}`,
    ...(v && value !== null && value !== undefined ? [`${METRIC_LABELS[v.metric]} ${value.toFixed(3)}`] : []),
    ...(v?.clearsBar === true ? ['clears the bar'] : v?.clearsBar === false ? ['below the bar'] : []),
  ].join(', ');
}

export const evaluate: CellUnit<'evaluate', EvaluateOutput> = {
  label: 'Evaluate',
  description: 'Metrics with intervals, curves, slices, the value of each threshold and a verdict',
  run: runEvaluate,
  view: EvaluateView,
  doneText,
  report: { has: hasEvaluation, section: evaluateSection, shownBatch: () => null },
  script: null,
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: evaluateCache,
};
