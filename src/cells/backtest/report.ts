import { METRIC_LABELS } from '../../notebook/metrics';
import type { BacktestSection, ReportFigure } from '../../report';
import { renderFoldTrend } from '../../ui/plot/backtest';
import { chartTree, reportPlot } from '../shared/figure';
import type { BacktestOutput } from './result';
import { timingSummary, timingText } from './timing';
import { dateRange, fixed, foldSeries, meanSpread, money, valueBasis } from './view';

/* The backtest's report section, from the cell's last output in this tab. */

/** The metric and (binary, multiclass) the value over the folds, drawn for paper. */
export function trendFigures(output: BacktestOutput, document: Document): ReportFigure[] {
  const options = { ...reportPlot(document), width: 560, folds: output.folds.map((f) => f.label) };
  const metric = METRIC_LABELS[output.metric];
  const figures: ReportFigure[] = [
    {
      caption: `${metric} by test period`,
      svg: chartTree(
        renderFoldTrend(
          foldSeries(output, (r) => r.metric),
          {
            ...options,
            yLabel: metric,
            reference: output.bar === null ? null : { y: output.bar, label: `bar ${output.bar}` },
          },
        ),
      ),
    },
  ];
  const basis = valueBasis(output);
  if (basis !== null) {
    figures.push({
      caption: `Value per 1,000 rows ${basis} by test period`,
      svg: chartTree(
        renderFoldTrend(
          foldSeries(output, (r) => r.valuePerThousand),
          {
            ...options,
            yLabel: 'Value per 1,000',
            reference: output.task === 'binary' ? { y: 0, label: 'do nothing' } : null,
          },
        ),
      ),
    });
  }
  return figures;
}

export function backtestSection(
  heading: string,
  output: BacktestOutput,
  document: Document,
): BacktestSection {
  const runs = output.folds[0]?.runs.map((r) => r.label) ?? [];
  const basis = valueBasis(output);
  return {
    kind: 'backtest',
    heading,
    metric: METRIC_LABELS[output.metric],
    bar: output.bar,
    timeColumn: output.timeColumn,
    runs,
    folds: output.folds.map((f) => ({
      label: f.label,
      train: dateRange(f.train.start, f.train.end),
      test: dateRange(f.test.start, f.test.end),
      rows: `${f.trainedRows.toLocaleString('en-US')} / ${f.test.rows.toLocaleString('en-US')}`,
      leakage: f.leakage.ok ? 'none' : (f.leakage.message ?? 'leaks'),
      cells: f.runs.map((r) =>
        basis !== null ? `${fixed(r.metric)} · ${money(r.valuePerThousand)}` : fixed(r.metric),
      ),
    })),
    summaries: output.summaries.map((s) => ({
      label: s.label,
      metric: meanSpread(s.mean, s.std),
      value: basis !== null ? meanSpread(s.valueMean, s.valueStd, 0) : '–',
      slope: s.slope === null ? '–' : s.slope.toPrecision(3),
    })),
    warnings: output.summaries.flatMap((s) =>
      s.role === 'model' && s.decay !== null ? [`${s.label}: ${s.decay}`] : [],
    ),
    figures: trendFigures(output, document),
    notes: [
      `Cells: ${METRIC_LABELS[output.metric]}${basis !== null ? ` · value per 1,000 rows ${basis}` : ''}.`,
      ...output.notes,
      `Time: ${timingText(timingSummary(output))}`,
      ...(output.storage.state === 'failed'
        ? [output.storage.message]
        : [`Stored as run group ${output.storage.groupId}.`]),
    ],
  };
}
