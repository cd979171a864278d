import { Table, makeVector } from 'apache-arrow';
import { utf8Vector } from '../../data/arrow-vectors';
import { briefCostMatrix } from '../../data/brief-multiclass';
import type { TableResult } from '../../data/catalog';
import { fail } from '../../lib/errors';
import { MULTICLASS_METRICS, multiclassHigherIsBetter, type MulticlassMetricName } from '../../ml/metrics';
import { defaultCostMatrix } from '../../ml/value';
import type { ModelBundle } from '../../notebook/bundle/types';
import type { MonitorConfig } from '../../notebook/kinds/monitor';
import type { RunContext } from '../types';
import {
  compareMulticlassVersions,
  type ClassDisagreement,
  type MulticlassVersionComparison,
} from './compare-multiclass';
import { SEED, writeTable, type Watched } from './comparing';
import type { MonitorProgress } from './result';
import type { ClassRows } from './rows';

/*
 * v2 against v1 when both are multiclass: on the batch's rows that neither trained on, the
 * brief's multiclass metric (else the one v1 was judged on) with a paired bootstrap, the value
 * under the cost matrix (v1's bundle's, else the brief's, else 0/1 costs), and the rows where the
 * two decide different classes, written to a table for SQL.
 */

interface Challenger {
  readonly bundle: ModelBundle;
  /** The challenger's probabilities of every work row. */
  readonly scored: ClassRows | null;
  /** The rows (`ROW` numbers, 1-based) of the batch to compare on. */
  readonly rows: readonly number[];
  readonly names: { readonly incumbent: string; readonly challenger: string };
}

function metricOf(ctx: RunContext<MonitorProgress>, w: Watched): MulticlassMetricName {
  const wanted = ctx.brief?.task === 'multiclass' ? ctx.brief.metric : w.bundle.evaluation?.metric;
  return MULTICLASS_METRICS.find((m) => m === wanted) ?? 'macro_f1';
}

function writeClassDisagreements(
  ctx: RunContext<MonitorProgress>,
  name: string,
  rows: readonly ClassDisagreement[],
  classes: readonly string[],
  names: Challenger['names'],
): Promise<TableResult> {
  const named = (c: number) => classes[c] ?? String(c);
  const table = new Table({
    row: makeVector(Float64Array.from(rows, (r) => r.rowId)),
    label: utf8Vector(rows.map((r) => named(r.y))),
    [`${names.incumbent}_class`]: utf8Vector(rows.map((r) => named(r.incumbentClass))),
    [`${names.challenger}_class`]: utf8Vector(rows.map((r) => named(r.challengerClass))),
    [`${names.incumbent}_probability`]: makeVector(Float64Array.from(rows, (r) => r.incumbentProbability)),
    [`${names.challenger}_probability`]: makeVector(Float64Array.from(rows, (r) => r.challengerProbability)),
  });
  return writeTable(ctx.engine, name, table, ctx.signal);
}

/** The multiclass comparison and its disagreements table; refuses versions of different classes. */
export async function compareClasses(
  ctx: RunContext<MonitorProgress>,
  config: MonitorConfig,
  w: Watched,
  c: Challenger,
): Promise<{ result: MulticlassVersionComparison; table: TableResult | null }> {
  const classes = w.bundle.model.classes ?? [];
  const theirs = c.bundle.model.classes ?? [];
  if (classes.join('\u0000') !== theirs.join('\u0000'))
    return fail({
      code: 'bad-input',
      message: `${c.names.challenger} predicts ${theirs.join(', ')} but ${c.names.incumbent} predicts ${classes.join(', ')}: they answer different questions.`,
    });
  const incumbent = w.classes;
  const challenger = c.scored;
  if (incumbent === null || challenger === null)
    return fail({ code: 'internal', message: 'A multiclass version was scored without its classes.' });
  const k = classes.length;
  const index = new Map(classes.map((name, i) => [name, i]));
  const unknown = [...new Set(c.rows.map((r) => w.work.labels[r - 1] ?? '').filter((l) => !index.has(l)))];
  if (unknown.length > 0)
    return fail({
      code: 'bad-input',
      message: `The label column holds ${unknown.slice(0, 5).join(', ')}, which is none of the versions' classes (${classes.join(', ')}): fix the labels, or compare on a batch without them.`,
    });
  // A row either version could not score (a missing feature) has no decision to compare.
  const scoredBoth = (r: number) =>
    (incumbent.decided[r - 1] ?? -1) >= 0 && (challenger.decided[r - 1] ?? -1) >= 0;
  const rows = c.rows.filter(scoredBoth);
  const take = (p: ClassRows) => {
    const data = new Float64Array(rows.length * k);
    rows.forEach((r, j) => data.set(p.probabilities.subarray((r - 1) * k, r * k), j * k));
    return { data, rows: rows.length, classes: k };
  };
  const metric = metricOf(ctx, w);
  const brief = ctx.brief?.task === 'multiclass' ? ctx.brief : null;
  const result = compareMulticlassVersions(
    {
      rowIds: rows,
      y: Float64Array.from(rows, (r) => index.get(w.work.labels[r - 1] ?? '') ?? -1),
      challenger: take(challenger),
      incumbent: take(incumbent),
    },
    {
      metric,
      higherIsBetter: multiclassHigherIsBetter(metric),
      challengerCosts: c.bundle.decision.costs ?? null,
      incumbentCosts: w.bundle.decision.costs ?? null,
      valuation:
        w.bundle.decision.costs ?? (brief === null ? defaultCostMatrix(k) : briefCostMatrix(brief, classes)),
      seed: SEED,
    },
  );
  const table =
    config.disagreements === ''
      ? null
      : await writeClassDisagreements(ctx, config.disagreements, result.disagreements, classes, c.names);
  return { result, table };
}
