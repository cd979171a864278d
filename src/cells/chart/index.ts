import { renderChart } from '../../ui/plot/render';
import { chartTree, reportPlot } from '../shared/figure';
import { rowsText } from '../shared/text';
import type { CellUnit } from '../unit';
import { chartCache } from './cache';
import ChartView from './ChartView.svelte';
import { runChart, type ChartOutput } from './run';

export const chart: CellUnit<'chart', ChartOutput> = {
  label: 'Chart',
  description: 'A chart of a table, aggregated in DuckDB: distributions, segments, trends, the target',
  run: runChart,
  view: ChartView,
  doneText: ({ data: { meta } }) =>
    meta.binned ? `${meta.rowsDrawn.toLocaleString('en-US')} rows, binned` : rowsText(meta.rowsDrawn),
  report: {
    has: (_cell, { output }) => output !== null,
    section: (_cell, { heading, output, document }) =>
      output === null
        ? null
        : {
            kind: 'chart',
            heading,
            figure: {
              caption: heading,
              svg: chartTree(renderChart(output.spec, output.data, reportPlot(document))),
            },
            note: null,
          },
    shownBatch: () => null,
  },
  script: null,
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: chartCache,
};
