import type { Baseline, CellOf } from '../../notebook/types';
import type { BriefSection } from '../../report';
import { METRIC_LABELS } from '../../notebook/metrics';
import { grouped, percent } from '../shared/text';
import type { ReportContext } from '../unit';
import type { BriefOutput } from './run';

function baselineText(baseline: Baseline): string {
  switch (baseline.kind) {
    case 'majority':
      return 'the majority class';
    case 'mean':
      return 'the mean';
    case 'rule':
      return `the rule ${baseline.sql}`;
  }
}

/** The question as framed, with the target's summary when the cell ran. */
export function briefSection(
  cell: CellOf<'brief'>,
  { heading, output }: ReportContext<BriefOutput>,
): BriefSection {
  const c = cell.config;
  const summary = output?.summary ?? null;
  let targetNote: string | null = null;
  if (summary?.task === 'binary') {
    targetNote = `${grouped(summary.rows)} rows; ${percent(summary.positiveRate)} ${summary.positive}`;
  } else if (summary?.task === 'regression') {
    targetNote = `${grouped(summary.rows)} rows; mean ${summary.mean.toFixed(3)}, sd ${summary.std.toFixed(3)}`;
  }
  return {
    kind: 'brief',
    heading,
    objective: c.objective,
    decision: c.decision,
    input: c.input,
    target: c.target,
    task: c.task,
    positive: c.positive,
    metric: METRIC_LABELS[c.metric],
    bar: c.bar,
    baseline: baselineText(c.baseline),
    values: c.task === 'binary' ? c.values : null,
    unitCost: c.task === 'regression' ? c.unitCost : null,
    targetNote,
  };
}
