import { Table, makeVector } from 'apache-arrow';
import { boolVector, utf8Vector } from '../../data/arrow-vectors';
import type { TableResult } from '../../data/catalog';
import type { PlannedBatch } from '../../data/drift';
import type { SqlEngine } from '../../data/engine';
import { fail } from '../../lib/errors';
import { reportLines } from '../../notebook/bundle/check';
import type { MonitorConfig } from '../../notebook/kinds/monitor';
import { metricHigherIsBetter } from '../../notebook/metrics';
import { metricValue } from '../shared/metric-value';
import type { RunContext } from '../types';
import { compareVersions, type Disagreement } from './compare';
import { compareClasses } from './challenger-multiclass';
import { SEED, writeTable, type Watched } from './comparing';
import type { MonitorProgress, VersionComparisonOutput } from './result';
import { checkRows, scoreTable, untrainedRows } from './rows';
import { chosenVersion, watched } from './version';

/*
 * v2 against v1: the challenger and the watched version scored on the same rows of one batch,
 * the rows with a label that neither version's training table holds; the rows where they decide
 * differently written to a table for SQL.
 */

/** The batch to compare on: the one named, else the last. */
export function comparisonBatch(
  batches: readonly PlannedBatch[],
  wanted: string,
): { index: number; label: string } | string {
  const index = wanted === '' ? batches.length - 1 : batches.findIndex((b) => b.label === wanted);
  const batch = batches[index];
  if (batch === undefined)
    return `There is no batch "${wanted}" to compare on (the batches are ${batches.map((b) => b.label).join(', ')}).`;
  return { index: index + 1, label: batch.label };
}

function writeDisagreements(
  engine: SqlEngine,
  name: string,
  rows: readonly Disagreement[],
  names: { incumbent: string; challenger: string },
  signal: AbortSignal,
): Promise<TableResult> {
  const table = new Table({
    row: makeVector(Float64Array.from(rows, (r) => r.rowId)),
    label: utf8Vector(rows.map((r) => (r.y === 1 ? 'positive' : 'negative'))),
    [`${names.incumbent}_score`]: makeVector(Float64Array.from(rows, (r) => r.incumbentScore)),
    [`${names.challenger}_score`]: makeVector(Float64Array.from(rows, (r) => r.challengerScore)),
    [`${names.incumbent}_acts`]: boolVector(rows.map((r) => r.incumbentActs)),
    [`${names.challenger}_acts`]: boolVector(rows.map((r) => r.challengerActs)),
  });
  return writeTable(engine, name, table, signal);
}

export async function compareOnBatch(
  ctx: RunContext<MonitorProgress>,
  config: MonitorConfig,
  w: Watched,
): Promise<VersionComparisonOutput> {
  ctx.report({ kind: 'monitor', stage: 'comparing' });
  const { engine, signal } = ctx;
  const { chosen, bundle } = await chosenVersion(ctx, config.challenger);
  if (chosen.version.id === w.chosen.version.id)
    return fail({
      code: 'bad-input',
      message: `v${chosen.version.version} cannot be compared with itself: pick another challenger.`,
    });
  const tasks = [bundle.decision.task, w.bundle.decision.task];
  if (tasks.includes('regression'))
    return fail({
      code: 'bad-input',
      message: 'Versions are compared on decisions, which regression models do not make.',
    });
  if (tasks[0] !== tasks[1])
    return fail({
      code: 'bad-input',
      message: `v${chosen.version.version} is ${tasks[0]} but v${w.chosen.version.version} is ${tasks[1]}: they answer different questions.`,
    });
  if (bundle.decision.task === 'binary' && bundle.decision.positive !== w.bundle.decision.positive)
    return fail({
      code: 'bad-input',
      message: `v${chosen.version.version} scores "${bundle.decision.positive}" but v${w.chosen.version.version} scores "${w.bundle.decision.positive}": they answer different questions.`,
    });
  if (config.label === '')
    return fail({
      code: 'missing-input',
      message: 'Comparing versions needs labels: choose the label column.',
    });
  const batch = comparisonBatch(w.batches, config.compareBatch);
  if (typeof batch === 'string') return fail({ code: 'bad-input', message: batch });
  const trained = [w.bundle.input.table, bundle.input.table];
  const { rows, labelled } = await untrainedRows(engine, w.work.name, batch.index, trained, signal);
  if (rows.length === 0)
    return fail({
      code: 'bad-input',
      message: `Batch ${batch.label} has no labelled row that neither version trained on (${labelled} labelled, all in ${trained.join(' or ')}): compare on a later batch.`,
    });
  const report = await checkRows(engine, bundle, config.input, signal);
  if (report.blocked)
    return fail({
      code: 'bad-input',
      message: `The rows do not fit the challenger v${chosen.version.version}.\n${reportLines(report).join('\n')}`,
    });
  const names = { incumbent: `v${w.chosen.version.version}`, challenger: `v${chosen.version.version}` };
  const scored = await scoreTable(engine, bundle, w.work.name, signal);
  const common = {
    challenger: watched(chosen, bundle),
    batch: batch.label,
    labelled,
    excluded: labelled - rows.length,
  };
  if (bundle.decision.task === 'multiclass') {
    const compared = await compareClasses(ctx, config, w, { bundle, scored: scored.classes, rows, names });
    return { ...common, ...compared };
  }
  const challengerScores = scored.scores;
  const positive = w.bundle.decision.positive;
  const at = (scores: Float64Array) => Float64Array.from(rows, (r) => scores[r - 1] ?? NaN);
  const metric = ctx.brief?.metric ?? 'roc_auc';
  const result = compareVersions(
    {
      rowIds: rows,
      y: Float64Array.from(rows, (r) => (w.work.labels[r - 1] === positive ? 1 : 0)),
      challenger: at(challengerScores),
      incumbent: at(w.scores),
    },
    {
      metricFn: (y, s) => metricValue(metric, y, s),
      higherIsBetter: metricHigherIsBetter(metric),
      challengerThreshold: bundle.decision.threshold,
      incumbentThreshold: w.bundle.decision.threshold,
      values: w.bundle.decision.values,
      seed: SEED,
    },
  );
  const table =
    config.disagreements === ''
      ? null
      : await writeDisagreements(engine, config.disagreements, result.disagreements, names, signal);
  return { ...common, result, table };
}
