import type { CellOutput } from '../../cells/types';
import { metricLabel } from '../../cells/evaluate/format';
import type { EvaluateResult } from '../../cells/evaluate/result';
import { reportLine } from '../../cells/clean/view';
import { describeStep } from '../../data/clean/describe';
import type { FeatureEncoding } from '../../notebook/feature-types';
import type { RunBatchBundle } from '../../notebook/runs';
import type { Baseline, CellOf, SplitSpec } from '../../notebook/types';
import type {
  BriefSection,
  EvaluationSection,
  FeaturesSection,
  ModelsSection,
  PreparationSection,
  ProfileSection,
  ReportFigure,
  SourceSection,
} from '../../report';

/* From a cell (its config, its output when it ran, its stored runs) to a report section: pure. */

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const grouped = (n: number): string => n.toLocaleString('en-US');

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

export function briefSection(
  cell: CellOf<'brief'>,
  heading: string,
  output: CellOutput | null,
): BriefSection {
  const c = cell.config;
  const summary = output?.kind === 'brief' ? output.summary : null;
  let targetNote: string | null = null;
  if (summary?.task === 'binary') {
    targetNote = `${grouped(summary.rows)} rows; ${pct(summary.positiveRate)} ${summary.positive}`;
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
    metric: metricLabel(c.metric),
    bar: c.bar,
    baseline: baselineText(c.baseline),
    values: c.task === 'binary' ? c.values : null,
    unitCost: c.task === 'regression' ? c.unitCost : null,
    targetNote,
  };
}

export function sourceSection(
  cell: CellOf<'source'>,
  heading: string,
  output: CellOutput | null,
): SourceSection {
  const table = output?.kind === 'table' ? output : null;
  return {
    kind: 'source',
    heading,
    table: cell.config.output,
    note: cell.config.note,
    file: cell.config.file,
    rows: table?.rowCount ?? null,
    columns: table?.columns.length ?? null,
  };
}

export function sqlSection(
  cell: CellOf<'sql'>,
  heading: string,
  output: CellOutput | null,
): PreparationSection {
  return {
    kind: 'preparation',
    heading,
    output: cell.config.output,
    steps: [],
    sql: cell.config.sql,
    rows: output?.kind === 'table' ? output.rowCount : null,
  };
}

export function cleanSection(
  cell: CellOf<'clean'>,
  heading: string,
  output: CellOutput | null,
): PreparationSection {
  const done = output?.kind === 'clean' ? output : null;
  const reports = new Map(done?.reports.map((r) => [r.stepId, r]) ?? []);
  return {
    kind: 'preparation',
    heading,
    output: cell.config.output,
    steps: cell.config.steps.map((step) => {
      const report = reports.get(step.id);
      return {
        text: describeStep(step),
        enabled: step.enabled,
        detail: report && step.enabled ? reportLine(report) : null,
      };
    }),
    sql: done?.sql ?? '',
    rows: done?.result.rowCount ?? null,
  };
}

export function profileSection(heading: string, output: CellOutput & { kind: 'profile' }): ProfileSection {
  const p = output.profile;
  return {
    kind: 'profile',
    heading,
    table: p.table,
    rows: p.rowCount,
    columns: p.columns.length,
    sampleNote: p.sample ? `profiled on a sample of ${grouped(p.sample.rows)} rows` : null,
    issues: p.issues.map((i) => ({
      severity: i.severity,
      column: i.column,
      message: i.message,
      rows: i.rows,
    })),
  };
}

function encodingText(f: FeatureEncoding): string {
  switch (f.encoding) {
    case 'numeric':
      return [
        'numeric',
        f.impute ? `missing → ${f.impute}` : null,
        f.log ? 'log' : null,
        f.standardise ? 'standardised' : null,
        f.indicator ? 'missing flag' : null,
      ]
        .filter((p) => p !== null)
        .join(', ');
    case 'one-hot':
      return `one-hot, top ${f.topK}${f.other ? ' + other' : ''}`;
    case 'ordinal':
      return `ordinal: ${f.order.join(' < ')}`;
    case 'date-parts':
      return `date parts: ${f.parts.join(', ')}`;
    case 'bucket':
      return `${f.bins} ${f.method} bins`;
    case 'boolean':
      return 'boolean';
  }
}

function splitText(split: SplitSpec): string {
  switch (split.kind) {
    case 'random':
    case 'stratified':
      return `${split.kind}, ${pct(split.validationShare)} validation, seed ${split.seed}`;
    case 'group':
      return `by group ${split.column}, ${pct(split.validationShare)} validation, seed ${split.seed}`;
    case 'time':
      return `by time: ${split.column} before ${split.cutoff} trains`;
  }
}

export function featuresSection(
  cell: CellOf<'features'>,
  heading: string,
  output: CellOutput | null,
): FeaturesSection {
  const done = output?.kind === 'features' ? output : null;
  return {
    kind: 'features',
    heading,
    input: cell.config.input,
    output: cell.config.output,
    split:
      splitText(cell.config.split) +
      (done
        ? ` (${grouped(done.split.train)} training rows, ${grouped(done.split.validation)} validation)`
        : ''),
    features: cell.config.features.map((f) => ({ column: f.column, encoding: encodingText(f) })),
    columnCount: done?.featureNames.length ?? null,
    warnings:
      done?.assist.warnings.map((w) => ({ column: w.column, severity: w.severity, message: w.message })) ??
      [],
  };
}

/** The model comparison of a stored batch. */
export function modelsSection(heading: string, bundle: RunBatchBundle): ModelsSection {
  const { batch } = bundle;
  const metric = batch.framing.metric;
  return {
    kind: 'models',
    heading,
    batchId: batch.id,
    trainedAt: batch.finishedAt,
    metric: metricLabel(metric),
    bar: batch.framing.bar,
    rows: batch.data.rows,
    runs: bundle.runs.map((r) => ({
      id: r.id,
      label: r.label,
      role: r.role === 'trial' ? 'search trial' : r.role,
      status: r.status,
      metric: r.metrics[metric] ?? null,
      trainMetric: r.trainMetric,
      durationMs: r.durationMs,
    })),
    best: batch.best,
    note: null,
  };
}

/** The evaluation of a stored batch, with its charts. */
export function evaluationSection(
  heading: string,
  result: EvaluateResult,
  batchId: string,
  figures: readonly ReportFigure[],
): EvaluationSection {
  const v = result.verdict;
  const chosen = v ? result.runs.find((r) => r.id === v.id) : undefined;
  return {
    kind: 'evaluation',
    heading,
    metric: metricLabel(result.metric),
    bar: result.bar,
    rows: result.rows,
    runs: result.runs.map((r) => {
      const e = r.metrics[result.metric];
      return {
        id: r.id,
        label: r.label,
        role: r.role === 'trial' ? 'search trial' : r.role,
        metric: e?.value ?? null,
        lower: e?.lower ?? null,
        upper: e?.upper ?? null,
        threshold: r.kind === 'binary' ? r.threshold : null,
        valuePerThousand: r.kind === 'binary' && result.valued ? r.value.atThreshold.perThousand : null,
      };
    }),
    verdict: v
      ? {
          label: v.label,
          clearsBar: v.clearsBar,
          threshold: chosen?.kind === 'binary' ? chosen.threshold : null,
          valuePerThousand: v.value?.chosen.perThousand ?? v.cost?.chosen.perThousand ?? null,
          sentences: v.sentences,
        }
      : null,
    figures,
    notes: [
      `Recomputed from the stored runs of batch ${batchId} (${grouped(result.rows)} validation rows, ${grouped(result.bootstrap.resamples)} bootstrap resamples, seed ${result.bootstrap.seed}).`,
      ...result.notices,
    ],
  };
}
