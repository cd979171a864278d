import { metricHigherIsBetter } from '../../notebook/metrics';
import type { CellUnit } from '../unit';
import BacktestView from './BacktestView.svelte';
import { backtestSection } from './report';
import type { BacktestOutput, BacktestProgress } from './result';
import { runBacktest } from './run';
import { doneText } from './view';

export const backtest: CellUnit<'backtest', BacktestOutput, BacktestProgress> = {
  label: 'Backtest',
  description: 'Train on the past, test on what came next, fold after fold: the metric and value over time',
  run: runBacktest,
  view: BacktestView,
  doneText: (output) => doneText(output, metricHigherIsBetter(output.metric)),
  report: {
    has: (_cell, ctx) => ctx.output !== null && ctx.output.folds.length > 0,
    section: (_cell, ctx) =>
      ctx.output === null ? null : backtestSection(ctx.heading, ctx.output, ctx.document),
    shownBatch: () => null,
  },
  script: null,
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: null,
};
