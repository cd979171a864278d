import type { ExplanationSection, ReportFigure } from '../../report';
import { renderDriftStrip, renderMetricLine } from '../../ui/plot/monitor';
import { chartTree, reportPlot } from '../shared/figure';
import { formatNumber } from './format';
import type { MonitorOutput } from './result';
import {
  batchLine,
  comparisonLines,
  driftCells,
  FEATURE_HEAD,
  featureRows,
  metricOf,
  metricPoints,
} from './view';

/*
 * The monitor's report section, from its last output in this tab (monitor results are not
 * stored): the timeline, one line per batch, the alerts, each batch's feature table with its
 * methods and the multiple-testing note, and the v2-vs-v1 comparison. It takes the shape of an
 * explanation section (sentences, tables, figures), whose renderer escapes every value.
 */

export function timelineFigures(output: MonitorOutput, document: Document): ReportFigure[] {
  const options = reportPlot(document);
  const strip = driftCells(output);
  const figures: ReportFigure[] = [
    {
      caption: 'Drift by batch (PSI), worst features first',
      svg: chartTree(
        renderDriftStrip(strip.cells, { ...options, batches: strip.batches, features: strip.features }),
      ),
    },
  ];
  const metric = metricOf(output);
  const points = metricPoints(output);
  if (metric !== null && points.length > 0)
    figures.push({
      caption: `${metric.label} by batch, with its interval and the bar`,
      svg: chartTree(
        renderMetricLine(points, {
          ...options,
          batches: strip.batches,
          yLabel: metric.label,
          bar: metric.bar,
        }),
      ),
    });
  return figures;
}

export function monitorSection(
  heading: string,
  output: MonitorOutput,
  document: Document,
): ExplanationSection {
  const m = output.model;
  const first = output.batches[0];
  return {
    kind: 'explanation',
    heading,
    run: `Model v${m.version} (${m.stage}), ${m.name}; reference ${output.reference.table} (${output.reference.rows.toLocaleString('en-US')} rows)`,
    lines: [
      ...output.batches.map(batchLine),
      ...(output.alerts.length === 0
        ? [
            'No alert: every feature and the scores are below the PSI thresholds, and the metric clears the bar where measured.',
          ]
        : output.alerts.map((a) => `Alert (${a.level}), ${a.batch}: ${a.text}.`)),
      `Thresholds: PSI ${output.thresholds.moderate} (watch) and ${output.thresholds.major} (act).`,
      ...(first === undefined ? [] : [first.drift.multipleTestingNote]),
      ...output.notes,
      ...comparisonLines(output),
    ],
    tables: output.batches.map((b) => ({
      caption: `Feature drift, batch ${b.label} (scores: PSI ${formatNumber(b.prediction.psi.value)})`,
      head: FEATURE_HEAD,
      rows: featureRows(b),
      numeric: [2, 4],
    })),
    figures: timelineFigures(output, document),
  };
}
