import type { Table } from 'apache-arrow';
import { quoteLiteral } from '../sql';
import { countAt, mapRows, numberOrNull, textOrNull } from './results';
import { asDouble, asText, ident, numberLiteral, type Col } from './shape';
import type { ClassShare, TargetProfile, TargetRate, ValueCount } from './types';

/* The target's kind and positive class, and each column's rate of it per value or per decile. */

const TOP_VALUES = 20;
const TRUE_WORDS = ['yes', 'true', 'y', '1'];

export interface TargetFacts {
  readonly col: Col;
  readonly distinct: number;
  readonly top: readonly ValueCount[];
}

/** Binary for two classes (positive: Yes, true, 1, else the rarer one), numeric, or categorical. */
export function targetKind({ col, distinct, top }: TargetFacts): TargetProfile {
  const column = col.name;
  if (distinct === 2 && top.length === 2) {
    const positive =
      top.find((v) => TRUE_WORDS.includes(v.value.trim().toLowerCase())) ??
      top.find((v) => col.kind === 'numeric' && Number(v.value) === 1) ??
      top[1];
    return { column, kind: 'binary', positiveLabel: positive?.value ?? '', overallRate: null };
  }
  if (col.kind === 'numeric' && distinct > 2) return { column, kind: 'numeric', mean: null };
  return { column, kind: 'categorical', classes: distinct };
}

/** The target as a number per row: 1/0 for the positive class, the value itself for a numeric target. */
export function targetValue(target: TargetProfile, col: Col): string | null {
  switch (target.kind) {
    case 'binary':
      return `CASE WHEN ${ident(col)} IS NULL THEN NULL WHEN ${asText(col)} = ${quoteLiteral(target.positiveLabel)} THEN 1.0 ELSE 0.0 END`;
    case 'numeric':
      return asDouble(col);
    case 'categorical':
      return null;
  }
}

/** A column's rates by value (top 20, other, missing) or, for many distinct numbers, by decile edges. */
export type RateColumn =
  { readonly col: Col; readonly edges: null } | { readonly col: Col; readonly edges: readonly number[] };

/**
 * What is averaged per bucket: the target as a number (`rate`), or one 1/0 indicator per class
 * of a multiclass target (`mix_0` …), whose average is the class's share. Each is NULL where the
 * target is, so a share is among the rows with a class.
 */
interface Measure {
  readonly alias: string;
  readonly y: string;
}

const columnsOf = (measures: readonly Measure[]) =>
  ['col', 'bucket', 'label', 'n', 'ord', ...measures.map((m) => m.alias)].join(', ');

function valueBranch(relation: string, col: Col, measures: readonly Measure[]): string {
  const sums = measures.map((m) => `sum(${m.y}) AS s_${m.alias}, count(${m.y}) AS k_${m.alias}`);
  const kept = measures.map((m) => `s_${m.alias}, k_${m.alias}`);
  const rates = measures.map((m) => `sum(s_${m.alias}) / nullif(sum(k_${m.alias}), 0) AS ${m.alias}`);
  const grouped = `SELECT ${asText(col)} AS v, count(*) AS n, ${sums.join(', ')} FROM ${relation} GROUP BY ALL`;
  const ranked = `SELECT v, n, ${kept.join(', ')}, row_number() OVER (ORDER BY v IS NULL, n DESC, v) AS r FROM (${grouped})`;
  const top = `v IS NOT NULL AND r <= ${TOP_VALUES}`;
  return [
    `SELECT ${col.index} AS col, CASE WHEN v IS NULL THEN 'missing' WHEN r <= ${TOP_VALUES} THEN 'value' ELSE 'other' END AS bucket,`,
    `  CASE WHEN ${top} THEN v END AS label, CAST(sum(n) AS BIGINT) AS n, ${rates.join(', ')}, CAST(min(r) AS BIGINT) AS ord`,
    `FROM (${ranked}) GROUP BY ALL`,
  ].join('\n');
}

function rangeBranch(
  relation: string,
  col: Col,
  edges: readonly number[],
  measures: readonly Measure[],
): string {
  const x = asDouble(col);
  const cases = edges.map((e, k) => `WHEN ${x} < ${numberLiteral(e)} THEN ${k}`).join(' ');
  const bin = `CASE WHEN ${x} IS NULL THEN -1 ${cases} ELSE ${edges.length} END`;
  const rates = measures.map((m) => `avg(${m.y}) AS ${m.alias}`);
  return [
    `SELECT ${col.index} AS col, CASE WHEN ${x} IS NULL THEN 'missing' ELSE 'range' END AS bucket,`,
    `  CAST(${bin} AS VARCHAR) AS label, count(*) AS n, ${rates.join(', ')}, CAST(${bin} AS BIGINT) AS ord`,
    `FROM ${relation} GROUP BY ALL`,
  ].join('\n');
}

function measuresSql(relation: string, measures: readonly Measure[], cols: readonly RateColumn[]): string {
  const rates = measures.map((m) => `avg(${m.y}) AS ${m.alias}`);
  const overall = `SELECT -1 AS col, 'overall' AS bucket, CAST(NULL AS VARCHAR) AS label, count(*) AS n, CAST(0 AS BIGINT) AS ord, ${rates.join(', ')} FROM ${relation}`;
  const branches = cols.map((c) =>
    c.edges === null
      ? valueBranch(relation, c.col, measures)
      : rangeBranch(relation, c.col, c.edges, measures),
  );
  const columns = columnsOf(measures);
  return [overall, ...branches].map((b) => `SELECT ${columns} FROM (${b})`).join('\nUNION ALL\n');
}

/** The overall rate (col -1) and every column's rates, in one query. */
export function ratesSql(relation: string, y: string, cols: readonly RateColumn[]): string {
  return measuresSql(relation, [{ alias: 'rate', y }], cols);
}

/**
 * A multiclass target's overall class mix (col -1) and every column's class mix per bucket, in
 * one query: the share of each of `classes` (columns `mix_0` …) among the bucket's rows with a class.
 */
export function classMixSql(
  relation: string,
  target: Col,
  classes: readonly string[],
  cols: readonly RateColumn[],
): string {
  const measures = classes.map((c, i) => ({
    alias: `mix_${i}`,
    y: `CASE WHEN ${ident(target)} IS NULL THEN NULL WHEN ${asText(target)} = ${quoteLiteral(c)} THEN 1.0 ELSE 0.0 END`,
  }));
  return measuresSql(relation, measures, cols);
}

const BUCKET_ORDER = { value: 0, range: 0, other: 1, missing: 2 } as const;

const short = (x: number): string => String(Number(x.toPrecision(6)));

function rangeLabel(edges: readonly number[], bin: number): string {
  const lo = edges[bin - 1];
  const hi = edges[bin];
  if (lo === undefined) return `< ${short(hi ?? 0)}`;
  if (hi === undefined) return `≥ ${short(lo)}`;
  return `[${short(lo)}, ${short(hi)})`;
}

function toBucket(text: string | null): TargetRate['bucket'] {
  return text === 'range' || text === 'other' || text === 'missing' ? text : 'value';
}

/** Each class's share in one row of a class-mix result (columns `mix_0` …). */
function mixAt(result: Table, classes: readonly string[], row: number): ClassShare[] {
  return classes.map((label, i) => ({ label, share: numberOrNull(result, `mix_${i}`, row) }));
}

/**
 * The overall rate, and the rates by column index; with `classes` (a class-mix result), the
 * overall mix and each bucket's `mix` instead, its `rate` null.
 */
export function readRates(result: Table, cols: readonly RateColumn[], classes?: readonly string[]) {
  const edgesOf = new Map(cols.map((c) => [c.col.index, c.edges]));
  const rows = mapRows(result, (row) => ({
    col: countAt(result, 'col', row),
    bucket: toBucket(textOrNull(result, 'bucket', row)),
    label: textOrNull(result, 'label', row),
    count: countAt(result, 'n', row),
    rate: numberOrNull(result, 'rate', row),
    ord: countAt(result, 'ord', row),
    mix: classes === undefined ? undefined : mixAt(result, classes, row),
  }));
  const overallRow = rows.find((r) => r.col === -1);
  const overall = overallRow?.rate ?? null;
  const byColumn = new Map<number, TargetRate[]>();
  const sorted = rows
    .filter((r) => r.col >= 0)
    .sort((a, b) => BUCKET_ORDER[a.bucket] - BUCKET_ORDER[b.bucket] || a.ord - b.ord);
  for (const r of sorted) {
    const edges = edgesOf.get(r.col) ?? null;
    const label =
      r.bucket === 'range' && edges !== null
        ? rangeLabel(edges, r.ord)
        : r.bucket === 'value'
          ? (r.label ?? '')
          : r.bucket;
    byColumn.set(r.col, [
      ...(byColumn.get(r.col) ?? []),
      {
        label,
        bucket: r.bucket,
        count: r.count,
        rate: r.rate,
        ...(r.mix === undefined ? {} : { mix: r.mix }),
      },
    ]);
  }
  return { overall, overallMix: overallRow?.mix ?? null, byColumn };
}
