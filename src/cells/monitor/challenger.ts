import { Table, makeVector, tableToIPC } from 'apache-arrow';
import { boolVector, utf8Vector } from '../../data/arrow-vectors';
import { describeRelation, type TableResult } from '../../data/catalog';
import type { PlannedBatch } from '../../data/drift';
import type { SqlEngine } from '../../data/engine';
import { quoteIdent } from '../../data/sql';
import { fail } from '../../lib/errors';
import { reportLines } from '../../notebook/bundle/check';
import type { ModelBundle } from '../../notebook/bundle/types';
import type { MonitorConfig } from '../../notebook/kinds/monitor';
import { metricHigherIsBetter } from '../../notebook/metrics';
import type { VersionState } from '../../notebook/registry';
import { metricValue } from '../shared/metric-value';
import type { RunContext } from '../types';
import { compareVersions, type Disagreement } from './compare';
import type { MonitorProgress, VersionComparisonOutput } from './result';
import { checkRows, scoreTable, untrainedRows, type WorkTable } from './rows';
import { chosenVersion, watched } from './version';

/*
 * v2 against v1: the challenger and the watched version scored on the same rows of one batch,
 * the rows with a label that neither version's training table holds; the rows where they decide
 * differently written to a table for SQL.
 */

interface Watched {
  readonly chosen: VersionState;
  readonly bundle: ModelBundle;
  readonly work: WorkTable;
  readonly scores: Float64Array;
  readonly batches: readonly PlannedBatch[];
}

const SEED = 42;

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

async function writeDisagreements(
  engine: SqlEngine,
  name: string,
  rows: readonly Disagreement[],
  names: { incumbent: string; challenger: string },
  signal: AbortSignal,
): Promise<TableResult> {
  await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`, { signal });
  const table = new Table({
    row: makeVector(Float64Array.from(rows, (r) => r.rowId)),
    label: utf8Vector(rows.map((r) => (r.y === 1 ? 'positive' : 'negative'))),
    [`${names.incumbent}_score`]: makeVector(Float64Array.from(rows, (r) => r.incumbentScore)),
    [`${names.challenger}_score`]: makeVector(Float64Array.from(rows, (r) => r.challengerScore)),
    [`${names.incumbent}_acts`]: boolVector(rows.map((r) => r.incumbentActs)),
    [`${names.challenger}_acts`]: boolVector(rows.map((r) => r.challengerActs)),
  });
  await engine.insertArrowIpc(name, tableToIPC(table, 'stream'));
  const { rowCount, columns } = await describeRelation(engine, name, signal);
  return {
    table: name,
    materialize: 'table',
    rowCount,
    columns,
    skippedRows: 0,
    skippedSample: [],
    notices: [],
  };
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
  if (bundle.decision.task !== 'binary' || w.bundle.decision.task !== 'binary')
    return fail({
      code: 'bad-input',
      message: 'Versions are compared on decisions, which only binary models make.',
    });
  if (bundle.decision.positive !== w.bundle.decision.positive)
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
  const challengerScores = (await scoreTable(engine, bundle, w.work.name, signal)).scores;
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
  const names = { incumbent: `v${w.chosen.version.version}`, challenger: `v${chosen.version.version}` };
  const table =
    config.disagreements === ''
      ? null
      : await writeDisagreements(engine, config.disagreements, result.disagreements, names, signal);
  return {
    challenger: watched(chosen, bundle),
    batch: batch.label,
    labelled,
    excluded: labelled - rows.length,
    result,
    table,
  };
}
