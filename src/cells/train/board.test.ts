import { describe, expect, it } from 'vitest';
import {
  bestBaseline,
  durationText,
  featuresTables,
  largestCoefficients,
  rankRuns,
  stepLabel,
  trialText,
  verdictText,
  type BoardRun,
} from './board';

const run = (
  id: string,
  role: BoardRun['role'],
  metrics: BoardRun['metrics'],
  status: BoardRun['status'] = 'done',
): BoardRun => ({
  id,
  label: id,
  role,
  status,
  metrics,
});

const runs: BoardRun[] = [
  run('Majority class', 'baseline', { roc_auc: 0.5, log_loss: 0.58 }),
  run('Rule', 'rule', { roc_auc: 0.66, log_loss: 0.9 }),
  run('Logistic', 'model', { roc_auc: 0.84, log_loss: 0.42 }),
  run('Boosted', 'model', { roc_auc: 0.86, log_loss: 0.41 }),
  run('Network', 'model', {}, 'failed'),
  run('Tree', 'model', { roc_auc: 0.78, log_loss: 0.47 }),
];

describe('train board', () => {
  it('ranks done runs best first on the metric, failed ones last', () => {
    expect(rankRuns(runs, 'roc_auc').map((r) => r.id)).toEqual([
      'Boosted',
      'Logistic',
      'Tree',
      'Rule',
      'Majority class',
      'Network',
    ]);
    // Lower is better for log loss.
    expect(rankRuns(runs, 'log_loss').map((r) => r.id)).toEqual([
      'Boosted',
      'Logistic',
      'Tree',
      'Majority class',
      'Rule',
      'Network',
    ]);
  });

  it('ranks a run without the metric after those with it, and keeps ties in order', () => {
    const tied = [run('a', 'model', {}), run('b', 'model', { rmse: 2 }), run('c', 'model', { rmse: 2 })];
    expect(rankRuns(tied, 'rmse').map((r) => r.id)).toEqual(['b', 'c', 'a']);
  });

  it('finds the best baseline or rule', () => {
    expect(bestBaseline(runs, 'roc_auc')?.id).toBe('Rule');
    expect(bestBaseline(runs, 'log_loss')?.id).toBe('Majority class');
    expect(
      bestBaseline(
        runs.filter((r) => r.role === 'model'),
        'roc_auc',
      ),
    ).toBeNull();
  });

  it('says how the best run does against the bar and the best baseline', () => {
    expect(verdictText(runs, 'Boosted', 'roc_auc', 0.8)).toBe(
      'Best: Boosted, ROC AUC 0.860; clears the bar of 0.8; +0.200 against the best baseline (Rule) (validation rows).',
    );
    expect(verdictText(runs, 'Tree', 'roc_auc', 0.8)).toBe(
      'Best: Tree, ROC AUC 0.780; below the bar of 0.8; +0.120 against the best baseline (Rule) (validation rows).',
    );
    // Equal to the bar clears it; a lower log loss is a negative delta.
    expect(verdictText(runs, 'Boosted', 'log_loss', 0.41)).toBe(
      'Best: Boosted, log loss 0.410; clears the bar of 0.41; −0.170 against the best baseline (Majority class) (validation rows).',
    );
    expect(verdictText(runs, 'Logistic', 'accuracy', null)).toBe(
      'Best: Logistic, accuracy at 0.5 – (validation rows).',
    );
    expect(verdictText(runs, null, 'roc_auc', 0.8)).toBe('');
  });

  it('lists only the tables with a split and a target', () => {
    const schema = new Map([
      ['z_features', [{ name: '__split' }, { name: '__target' }, { name: 'x' }]],
      ['clean', [{ name: 'x' }]],
      ['a_features', [{ name: '__target' }, { name: '__split' }]],
      ['half', [{ name: '__split' }]],
    ]);
    expect(featuresTables(schema)).toEqual(['a_features', 'z_features']);
  });

  it('formats durations, steps, coefficients and trials', () => {
    expect(durationText(849.6)).toBe('850 ms');
    expect(durationText(2345)).toBe('2.3 s');
    expect(stepLabel('mlp')).toBe('epoch');
    expect(stepLabel('logistic')).toBe('Newton step');
    expect(stepLabel('gbdt')).toBe('boosting round');
    expect(
      largestCoefficients(
        [
          { feature: 'a', value: 0.1 },
          { feature: 'b', value: -2 },
          { feature: 'c', value: 1 },
        ],
        2,
      ).map((c) => c.feature),
    ).toEqual(['b', 'c']);
    expect(trialText({ learningRate: 0.1, maxLeafNodes: 31 })).toBe('learningRate = 0.1, maxLeafNodes = 31');
  });
});
