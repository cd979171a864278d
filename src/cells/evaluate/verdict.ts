import { weightedPairedBootstrap, weightedPairedBootstrapSliced, type Slicer } from '../../ml/metrics';
import type { BootstrapSpec } from '../../notebook/evaluate-types';
import type { Metric } from '../../notebook/types';
import { metricHigherIsBetter } from '../../notebook/metrics';
import { comparisonOf, emptyTest, pairedOptions, pairOf } from './compare';
import {
  decisionRuleText,
  intervalText,
  metricLabel,
  metricText,
  moneyText,
  percentText,
  pText,
  signedText,
  thresholdText,
} from './format';
import type { Comparison, RunEvaluation, Verdict } from './result';

/** The run the verdict judges: the cell's choice when it is in the table, else the best model or trial. */
export function chooseRun(
  runs: readonly RunEvaluation[],
  metric: Metric,
  wanted: string | null,
): { run: RunEvaluation | null; notice: string | null } {
  const picked = wanted === null ? undefined : runs.find((r) => r.id === wanted);
  const notice =
    wanted !== null && picked === undefined
      ? 'The run picked for the verdict is not in the table any more (the models were trained again): the best run is judged instead.'
      : null;
  if (picked) return { run: picked, notice };
  const higher = metricHigherIsBetter(metric);
  let best: RunEvaluation | null = null;
  for (const run of runs) {
    if (run.role !== 'model' && run.role !== 'trial') continue;
    const value = run.metrics[metric]?.value ?? null;
    const current = best?.metrics[metric]?.value ?? null;
    if (
      best === null ||
      (value !== null && (current === null || (higher ? value > current : value < current)))
    ) {
      best = run;
    }
  }
  return { run: best, notice };
}

export interface VerdictInputs {
  readonly runs: readonly RunEvaluation[];
  readonly scores: ReadonlyMap<string, Float64Array>;
  readonly truth: Float64Array;
  readonly metric: Metric;
  readonly bar: number | null;
  readonly valued: boolean;
  readonly model: string | null;
  readonly champion: string | null;
  readonly bootstrap: BootstrapSpec;
}

type VerdictOutcome = { verdict: Verdict | null; notices: string[] };

/** The run judged and the runs it is compared with, or the verdict when there is no run to judge. */
function planVerdict(
  inputs: VerdictInputs,
):
  | { done: VerdictOutcome }
  | { chosen: RunEvaluation; others: [Comparison['against'], RunEvaluation][]; notices: string[] } {
  const { runs, metric } = inputs;
  const { run: chosen, notice } = chooseRun(runs, metric, inputs.model);
  const notices = notice === null ? [] : [notice];
  if (chosen === null) {
    notices.push('The table has no model run to judge, only the baseline or the rule: train a model first.');
    return { done: { verdict: null, notices } };
  }
  const others: [Comparison['against'], RunEvaluation | undefined][] = [
    ['baseline', runs.find((r) => r.role === 'baseline')],
    ['rule', runs.find((r) => r.role === 'rule')],
  ];
  if (inputs.champion !== null) {
    const champion = runs.find((r) => r.id === inputs.champion);
    if (champion === undefined) {
      notices.push('The champion run is not in this table any more: pick the champion again.');
    } else others.push(['champion', champion]);
  }
  const compared = others.flatMap(([against, other]): [Comparison['against'], RunEvaluation][] =>
    other === undefined || other.id === chosen.id ? [] : [[against, other]],
  );
  return { chosen, others: compared, notices };
}

/**
 * The verdict on the chosen run: the brief's bar, then the baseline, the rule and the champion on
 * the brief's metric (paired bootstrap on the same rows), then the business value.
 */
export function buildVerdict(inputs: VerdictInputs): VerdictOutcome {
  const plan = planVerdict(inputs);
  if ('done' in plan) return plan.done;
  const { metric, truth, scores, bootstrap } = inputs;
  const comparisons = plan.others.map(([against, other]) => {
    const pair = pairOf(plan.chosen, other, metric, truth, scores);
    const test =
      pair === null
        ? emptyTest(bootstrap)
        : weightedPairedBootstrap(pair.a, pair.b, truth.length, pairedOptions(bootstrap));
    return comparisonOf(other, against, metric, test);
  });
  return finishVerdict(inputs, plan.chosen, comparisons, plan.notices);
}

/** buildVerdict with its paired bootstraps in slices that pause as `slicer` asks; the same verdict. */
export async function buildVerdictSliced(inputs: VerdictInputs, slicer: Slicer): Promise<VerdictOutcome> {
  const plan = planVerdict(inputs);
  if ('done' in plan) return plan.done;
  const { metric, truth, scores, bootstrap } = inputs;
  const comparisons: Comparison[] = [];
  for (const [against, other] of plan.others) {
    const pair = pairOf(plan.chosen, other, metric, truth, scores);
    const test =
      pair === null
        ? emptyTest(bootstrap)
        : await weightedPairedBootstrapSliced(pair.a, pair.b, truth.length, pairedOptions(bootstrap), slicer);
    comparisons.push(comparisonOf(other, against, metric, test));
  }
  return finishVerdict(inputs, plan.chosen, comparisons, plan.notices);
}

function finishVerdict(
  inputs: VerdictInputs,
  chosen: RunEvaluation,
  comparisons: Comparison[],
  notices: string[],
): VerdictOutcome {
  const { runs, metric, bar, truth, bootstrap } = inputs;
  const estimate = chosen.metrics[metric] ?? {
    value: null,
    lower: null,
    upper: null,
    undefinedBecause: null,
  };
  const higher = metricHigherIsBetter(metric);
  const clearsBar =
    bar === null || estimate.value === null ? null : higher ? estimate.value >= bar : estimate.value <= bar;
  const baseline = runs.find((r) => r.role === 'baseline');
  const rule = runs.find((r) => r.role === 'rule');
  const value =
    chosen.kind === 'binary' && inputs.valued
      ? {
          chosen: chosen.value.atThreshold,
          doNothing: chosen.value.doNothing,
          actOnAll: chosen.value.actOnAll,
          baseline: baseline?.kind === 'binary' ? baseline.value.best : null,
          rule: rule?.kind === 'binary' ? rule.value.atThreshold : null,
        }
      : null;
  const cost =
    chosen.kind === 'regression'
      ? { chosen: chosen.cost, baseline: baseline?.kind === 'regression' ? baseline.cost : null }
      : null;
  const classCost =
    chosen.kind === 'multiclass'
      ? {
          chosen: chosen.value.costPerThousand,
          baseline: baseline?.kind === 'multiclass' ? baseline.value.costPerThousand : null,
        }
      : null;
  const draft = {
    ...(classCost === null ? {} : { classCost }),
    id: chosen.id,
    label: chosen.label,
    metric,
    estimate,
    bar,
    clearsBar,
    comparisons,
    value,
    cost,
  };
  return {
    verdict: { ...draft, sentences: verdictSentences(draft, chosen, truth.length, bootstrap.resamples) },
    notices,
  };
}

const WHO: Record<Comparison['against'], string> = {
  baseline: 'the baseline',
  rule: 'the rule',
  champion: 'the champion',
};

function comparisonSentence(c: Comparison, metric: Metric, resamples: number): string {
  const who = `${WHO[c.against]} (${c.label})`;
  const name = metricLabel(metric);
  const { difference, lower, upper, pValue } = c.test;
  if (difference === null || c.better === null) {
    return `It cannot be compared with ${who} on ${name}: the metric is undefined for one of them.`;
  }
  const detail = `${signedText(metric, difference)} ${name} (95% CI ${signedText(metric, lower)} to ${signedText(metric, upper)}, paired bootstrap on the same rows, ${pText(pValue, resamples)})`;
  if (c.significant !== true)
    return `It is not clearly different from ${who}: ${detail}; the gap could be chance.`;
  return `It is ${c.better ? 'better' : 'worse'} than ${who}: ${detail}.`;
}

function valueSentences(v: NonNullable<Verdict['value']>, chosen: RunEvaluation): string[] {
  if (chosen.kind !== 'binary') return [];
  const at = v.chosen;
  const how =
    chosen.threshold === null
      ? 'Its value is highest acting on no one: at no threshold do its calls pay for themselves'
      : `At threshold ${thresholdText(chosen.threshold)}${chosen.thresholdSource === 'best-value' ? ' (the one that maximises the value)' : ''}, acting on ${percentText(at.actedShare)} of cases is worth ${moneyText(at.perThousand)} per 1,000 cases`;
  const alternatives = [
    `doing nothing ${moneyText(v.doNothing.perThousand)}`,
    `acting on everyone ${moneyText(v.actOnAll.perThousand)}`,
    ...(v.rule ? [`following the rule ${moneyText(v.rule.perThousand)}`] : []),
    ...(v.baseline ? [`the baseline at its best ${moneyText(v.baseline.perThousand)}`] : []),
  ];
  const best = Math.max(v.doNothing.perThousand, v.actOnAll.perThousand, v.rule?.perThousand ?? -Infinity);
  const gain = at.perThousand - best;
  return [
    `${how}; ${alternatives.join(', ')}.`,
    gain > 0
      ? `That is ${moneyText(gain)} per 1,000 cases more than the best of doing nothing, acting on everyone${v.rule ? ' and the rule' : ''}.`
      : `That is no better than ${best === v.doNothing.perThousand ? 'doing nothing' : best === v.actOnAll.perThousand ? 'acting on everyone' : 'the rule'} (${moneyText(-gain)} per 1,000 cases less or the same).`,
  ];
}

/** The verdict for people, one finding per sentence. */
export function verdictSentences(
  v: Omit<Verdict, 'sentences'>,
  chosen: RunEvaluation,
  rows: number,
  resamples: number,
): string[] {
  const name = metricLabel(v.metric);
  const sentences: string[] = [];
  if (v.estimate.value === null) {
    sentences.push(
      `${v.label}: ${name} is undefined on these rows. ${v.estimate.undefinedBecause ?? ''}`.trim(),
    );
  } else {
    const ci = intervalText(v.metric, v.estimate);
    const higher = metricHigherIsBetter(v.metric);
    const edge = higher ? v.estimate.lower : v.estimate.upper;
    const straddles = v.bar !== null && edge !== null && (higher ? edge < v.bar : edge > v.bar);
    const bar =
      v.bar === null
        ? ''
        : v.clearsBar
          ? `: it clears the bar of ${v.bar}${straddles ? `, though its interval reaches ${higher ? 'below' : 'above'} it` : ''}`
          : `: it does not clear the bar of ${v.bar}`;
    sentences.push(
      `${v.label} has ${name} ${metricText(v.metric, v.estimate.value)}${ci === '' ? '' : ` (${ci})`} on ${rows.toLocaleString('en-US')} validation rows${bar}.`,
    );
  }
  for (const c of v.comparisons) sentences.push(comparisonSentence(c, v.metric, resamples));
  if (v.value) sentences.push(...valueSentences(v.value, chosen));
  if (v.classCost && chosen.kind === 'multiclass') {
    const { chosen: cost, baseline } = v.classCost;
    const constant = chosen.value.bestConstant;
    sentences.push(
      `Deciding by ${decisionRuleText(chosen.value.rule)} costs ${moneyText(cost)} per 1,000 cases under the brief's cost matrix${baseline === null ? '' : `, against ${moneyText(baseline)} for the baseline`}; giving every case the cheapest single class (${constant.class}) costs ${moneyText(constant.costPerThousand)}.`,
    );
  }
  if (v.cost) {
    const { chosen: cost, baseline } = v.cost;
    sentences.push(
      `Its errors cost ${moneyText(cost.perThousand)} per 1,000 cases (${cost.overCount.toLocaleString('en-US')} over, ${cost.underCount.toLocaleString('en-US')} under the truth)${baseline ? `, against ${moneyText(baseline.perThousand)} for the baseline` : ''}.`,
    );
  }
  return sentences;
}
