import type { EvaluateResult } from '../../cells/evaluate/result';
import { chartedRuns, rocSeries, valueSeries } from '../../cells/evaluate/view';
import type { ReportFigure } from '../../report';
import { renderRocCurves } from '../../ui/plot/evaluation';
import { renderValueCurve } from '../../ui/plot/evaluation-value';
import { renderChart } from '../../ui/plot/render';
import type { ReportCharts } from './assemble';
import { chartTree } from './svg-tree';

const WIDTH = 640;

/** Charts for the report, drawn light (a report is read on white paper) in `document`. */
export function reportCharts(document: Document): ReportCharts {
  const options = { theme: 'light' as const, width: WIDTH, document };
  return {
    chart: (spec, data) => chartTree(renderChart(spec, data, options)),
    evaluation(result: EvaluateResult): ReportFigure[] {
      if (result.task !== 'binary') return [];
      const shown = result.verdict?.id ?? null;
      const runs = chartedRuns(result, shown, null);
      const figures: ReportFigure[] = [
        {
          caption: 'ROC curve',
          svg: chartTree(renderRocCurves(rocSeries(runs, shown), { ...options, width: 420 })),
        },
      ];
      const chosen = result.runs.find((r) => r.id === shown);
      if (result.valued) {
        const marks =
          chosen?.kind === 'binary' && chosen.threshold !== null
            ? [{ threshold: chosen.threshold, label: 'chosen' }]
            : [];
        figures.push({
          caption: 'Value per 1,000 cases by threshold',
          svg: chartTree(renderValueCurve(valueSeries(runs, shown), { ...options, width: 420, marks })),
        });
      }
      return figures;
    },
  };
}
