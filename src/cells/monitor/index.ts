import type { CellUnit } from '../unit';
import { monitorCache } from './cache';
import MonitorView from './MonitorView.svelte';
import { monitorSection } from './report';
import type { MonitorOutput, MonitorProgress } from './result';
import { runMonitor } from './run';
import { doneText } from './view';

export const monitor: CellUnit<'monitor', MonitorOutput, MonitorProgress> = {
  label: 'Monitor',
  description:
    'A model version on new batches: drift per feature and in its scores, performance once labels arrive, alerts, v2 against v1',
  run: runMonitor,
  view: MonitorView,
  doneText,
  report: {
    has: (_cell, ctx) => ctx.output !== null,
    section: (_cell, ctx) =>
      ctx.output === null ? null : monitorSection(ctx.heading, ctx.output, ctx.document),
    shownBatch: () => null,
  },
  // Monitoring scores rows with the model, which SQL alone does not do; the drift counts are
  // statistics of tables the script makes already, not a table of their own.
  script: null,
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: monitorCache,
};
