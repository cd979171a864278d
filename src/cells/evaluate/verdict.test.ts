import { describe, expect, it } from 'vitest';
import type { PairedBootstrapResult } from '../../ml/metrics';
import type { Comparison, Estimate, RunEvaluation, Verdict } from './result';
import { chooseRun, verdictSentences } from './verdict';

const estimate = (
  value: number | null,
  lower: number | null = null,
  upper: number | null = null,
): Estimate => ({
  value,
  lower,
  upper,
  undefinedBecause:
    value === null ? 'Every validation row is negative (0): ROC AUC needs both classes.' : null,
});

const test = (difference: number | null, lower: number | null, upper: number | null, pValue: number | null) =>
  ({
    estimateA: null,
    estimateB: null,
    difference,
    lower,
    upper,
    pValue,
    level: 0.95,
    iterations: 1000,
    skipped: 0,
  }) satisfies PairedBootstrapResult;

function comparison(against: Comparison['against'], t: PairedBootstrapResult, higher = true): Comparison {
  const { difference, lower, upper } = t;
  return {
    against,
    id: against,
    label: against === 'rule' ? 'Rule: x > 1' : 'Old model',
    test: t,
    better: difference === null ? null : (higher ? 1 : -1) * difference > 0,
    significant: lower === null || upper === null ? null : lower > 0 || upper < 0,
  };
}

function runOf(
  id: string,
  role: RunEvaluation['role'],
  auc: number | null,
  logLoss: number | null = null,
): RunEvaluation {
  return {
    kind: 'regression',
    id,
    label: id,
    role,
    metrics: { roc_auc: estimate(auc), log_loss: estimate(logLoss) },
    slices: [],
    residuals: { count: 1, mean: 0, std: 0, min: 0, p05: 0, median: 0, p95: 0, max: 0, meanAbsolute: 0 },
    prediction: new Float64Array(),
    residual: new Float64Array(),
    cost: { total: 0, perCase: 0, perThousand: 0, overCount: 0, underCount: 0, overCost: 0, underCost: 0 },
  };
}

function verdict(overrides: Partial<Omit<Verdict, 'sentences'>>): Omit<Verdict, 'sentences'> {
  return {
    id: 'm',
    label: 'Model M',
    metric: 'roc_auc',
    estimate: estimate(0.81, 0.78, 0.84),
    bar: 0.8,
    clearsBar: true,
    comparisons: [],
    value: null,
    cost: null,
    ...overrides,
  };
}

const sentences = (v: Omit<Verdict, 'sentences'>) =>
  verdictSentences(v, runOf('m', 'model', 0.81), 500, 1000);

describe('verdictSentences', () => {
  it('says when the bar is cleared but the interval reaches below it', () => {
    expect(sentences(verdict({}))[0]).toBe(
      'Model M has ROC AUC 0.810 (95% CI 0.780–0.840) on 500 validation rows: it clears the bar of 0.8, though its interval reaches below it.',
    );
    expect(sentences(verdict({ estimate: estimate(0.75, 0.7, 0.79), clearsBar: false }))[0]).toMatch(
      /: it does not clear the bar of 0\.8\.$/,
    );
  });

  it('tells better, worse and not clearly different apart, with the p-value', () => {
    const lines = sentences(
      verdict({
        comparisons: [
          comparison('baseline', test(0.31, 0.28, 0.34, 0)),
          comparison('rule', test(-0.05, -0.08, -0.02, 0.004)),
          comparison('champion', test(0.01, -0.01, 0.03, 0.38)),
        ],
      }),
    );
    expect(lines.slice(1)).toEqual([
      'It is better than the baseline (Old model): +0.310 ROC AUC (95% CI +0.280 to +0.340, paired bootstrap on the same rows, p < 0.001).',
      'It is worse than the rule (Rule: x > 1): −0.050 ROC AUC (95% CI −0.080 to −0.020, paired bootstrap on the same rows, p = 0.004).',
      'It is not clearly different from the champion (Old model): +0.010 ROC AUC (95% CI −0.010 to +0.030, paired bootstrap on the same rows, p = 0.38); the gap could be chance.',
    ]);
  });

  it('counts a lower log loss as better', () => {
    const c = comparison('baseline', test(-0.1, -0.15, -0.05, 0), false);
    expect(c.better).toBe(true);
    const lines = sentences(
      verdict({
        metric: 'log_loss',
        estimate: estimate(0.4, 0.35, 0.45),
        bar: null,
        clearsBar: null,
        comparisons: [c],
      }),
    );
    expect(lines[1]).toMatch(/^It is better than the baseline \(Old model\): −0\.100 log loss/);
  });

  it('says when the metric is undefined rather than printing NaN', () => {
    const lines = sentences(
      verdict({
        estimate: estimate(null),
        clearsBar: null,
        comparisons: [comparison('baseline', test(null, null, null, null))],
      }),
    );
    expect(lines[0]).toBe(
      'Model M: ROC AUC is undefined on these rows. Every validation row is negative (0): ROC AUC needs both classes.',
    );
    expect(lines[1]).toMatch(/cannot be compared with the baseline/);
    expect(lines.join(' ')).not.toMatch(/NaN/);
  });
});

describe('chooseRun', () => {
  const runs = [
    runOf('base', 'baseline', 0.9),
    runOf('a', 'model', 0.7, 0.3),
    runOf('b', 'trial', 0.8, 0.5),
    runOf('c', 'model', null),
  ];

  it('takes the model or trial best on the metric, in its direction; never the baseline', () => {
    expect(chooseRun(runs, 'roc_auc', null).run?.id).toBe('b');
    expect(chooseRun(runs, 'log_loss', null).run?.id).toBe('a');
  });

  it('takes the cell’s pick, or says it is gone', () => {
    expect(chooseRun(runs, 'roc_auc', 'a')).toEqual({ run: runs[1], notice: null });
    expect(chooseRun(runs, 'roc_auc', 'zz').notice).toMatch(/not in the table any more/);
  });
});
