import type { Runner } from './runner';
import type { Col } from './shape';
import { quantileAt, type BasicStats } from './stats';
import { MAX_CLASSES } from '../../ml/metrics';
import { mapRows, textOrNull } from './results';
import { asText, ident } from './shape';
import { classMixSql, ratesSql, readRates, targetKind, targetValue, type RateColumn } from './target';
import type { TargetProfile, TargetRate } from './types';
import type { ColumnValues } from './values';

/** What is known of the columns when the target is profiled. */
export interface TargetParts {
  readonly run: Runner;
  readonly relation: string;
  readonly cols: readonly Col[];
  readonly stats: ReadonlyMap<number, BasicStats>;
  readonly values: ReadonlyMap<number, ColumnValues>;
  readonly rows: number;
}

/** Numbers with more distinct values than this are binned by deciles rather than listed. */
const MAX_VALUES = 20;
const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

function findColumn(cols: readonly Col[], name: string): Col | undefined {
  return cols.find((c) => c.name === name) ?? cols.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

function rateColumn(col: Col, stats: BasicStats | undefined): RateColumn {
  if (col.kind !== 'numeric' || stats === undefined || stats.distinct <= MAX_VALUES)
    return { col, edges: null };
  const edges = DECILES.map((q) => quantileAt(stats, q)).filter((e): e is number => e !== null);
  return { col, edges: [...new Set(edges)].sort((a, b) => a - b) };
}

/** Columns that get rates: not the target, not an id (a rate per id says nothing), not nested types. */
function rateColumns(parts: TargetParts, target: Col): RateColumn[] {
  return parts.cols
    .filter((c) => c.index !== target.index && c.kind !== 'other')
    .filter((c) => {
      const s = parts.stats.get(c.index);
      return !(s !== undefined && s.count > 50 && s.distinct === s.count && c.kind === 'text');
    })
    .map((c) => rateColumn(c, parts.stats.get(c.index)));
}

function withOverall(profile: TargetProfile, overall: number | null): TargetProfile {
  switch (profile.kind) {
    case 'binary':
      return { ...profile, overallRate: overall };
    case 'numeric':
      return { ...profile, mean: overall };
    case 'categorical':
      return profile;
  }
}

/** Fewer classes is binary; more is past what a multiclass target takes (MAX_CLASSES, as the brief). */
const MIN_MIX_CLASSES = 3;

/** A categorical target of 3 to 50 classes: the overall class mix and every column's, per value or decile. */
async function classMix(
  parts: TargetParts,
  col: Col,
  profile: Extract<TargetProfile, { kind: 'categorical' }>,
): Promise<{ profile: TargetProfile; rates: Map<number, TargetRate[]> }> {
  const found = await parts.run.query(
    `SELECT DISTINCT ${asText(col)} AS v FROM ${parts.relation} WHERE ${ident(col)} IS NOT NULL ORDER BY v LIMIT ${MAX_CLASSES + 1}`,
  );
  const classes = mapRows(found, (row) => textOrNull(found, 'v', row)).filter((v) => v !== null);
  if (classes.length < MIN_MIX_CLASSES || classes.length > MAX_CLASSES) return { profile, rates: new Map() };
  const cols = rateColumns(parts, col);
  const read = readRates(
    await parts.run.query(classMixSql(parts.relation, col, classes, cols)),
    cols,
    classes,
  );
  for (const c of cols) if (!read.byColumn.has(c.col.index)) read.byColumn.set(c.col.index, []);
  return {
    profile: { ...profile, ...(read.overallMix ? { mix: read.overallMix } : {}) },
    rates: read.byColumn,
  };
}

/** The target's kind and overall rate, and every other column's rates, in one query. Null when no such column. */
export async function profileTarget(
  parts: TargetParts,
  name: string,
): Promise<{ profile: TargetProfile; rates: Map<number, TargetRate[]> } | null> {
  const col = findColumn(parts.cols, name);
  if (col === undefined) return null;
  const distinct = parts.stats.get(col.index)?.distinct ?? 0;
  const profile = targetKind({ col, distinct, top: parts.values.get(col.index)?.top ?? [] });
  const y = targetValue(profile, col);
  if (y === null)
    return profile.kind === 'categorical' ? classMix(parts, col, profile) : { profile, rates: new Map() };
  const cols = rateColumns(parts, col);
  const { overall, byColumn } = readRates(await parts.run.query(ratesSql(parts.relation, y, cols)), cols);
  for (const c of cols) if (!byColumn.has(c.col.index)) byColumn.set(c.col.index, []);
  return { profile: withOverall(profile, overall), rates: byColumn };
}
