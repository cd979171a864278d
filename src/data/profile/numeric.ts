import type { Table } from 'apache-arrow';
import { countAt, mapRows } from './results';
import { asDouble, numberLiteral, type Col } from './shape';
import type { HistogramBin, Outliers } from './types';

/* Histograms and IQR outliers of numeric columns, from the range and quartiles already known. */

const MAX_BINS = 30;

export interface Range {
  readonly col: Col;
  readonly min: number;
  readonly max: number;
  readonly bins: number;
}

/** Equal-width bins: at most 30, and no more than the column has distinct values. */
export function rangeOf(col: Col, min: number | null, max: number | null, distinct: number): Range | null {
  if (min === null || max === null || distinct === 0) return null;
  return { col, min, max, bins: min === max ? 1 : Math.max(1, Math.min(MAX_BINS, distinct)) };
}

function binExpression(range: Range): string {
  const width = (range.max - range.min) / range.bins;
  if (range.bins === 1 || !(width > 0)) return '0';
  const x = asDouble(range.col);
  const raw = `floor((${x} - ${numberLiteral(range.min)}) / ${numberLiteral(width)})`;
  // The maximum falls in the last bin, not one past it.
  return `least(CAST(${raw} AS INTEGER), ${range.bins - 1})`;
}

export function histogramSql(relation: string, ranges: readonly Range[]): string {
  return ranges
    .map((r) => {
      const x = asDouble(r.col);
      return `SELECT ${r.col.index} AS col, ${binExpression(r)} AS bin, count(*) AS n FROM ${relation} WHERE isfinite(${x}) GROUP BY ALL`;
    })
    .join('\nUNION ALL\n');
}

/** Bins by column index, empty bins included. */
export function readHistograms(result: Table, ranges: readonly Range[]): Map<number, HistogramBin[]> {
  const counts = new Map<string, number>();
  mapRows(result, (row) =>
    counts.set(`${countAt(result, 'col', row)}:${countAt(result, 'bin', row)}`, countAt(result, 'n', row)),
  );
  return new Map(
    ranges.map((r) => {
      const width = (r.max - r.min) / r.bins;
      const bins = Array.from({ length: r.bins }, (_, k) => ({
        x0: r.min + k * width,
        x1: k === r.bins - 1 ? r.max : r.min + (k + 1) * width,
        count: counts.get(`${r.col.index}:${k}`) ?? 0,
      }));
      return [r.col.index, bins];
    }),
  );
}

export interface Fences {
  readonly col: Col;
  readonly lower: number;
  readonly upper: number;
}

/** Tukey's fences: 1.5 interquartile ranges beyond the quartiles. */
export function fencesOf(col: Col, p25: number | null, p75: number | null): Fences | null {
  if (p25 === null || p75 === null) return null;
  const iqr = p75 - p25;
  return { col, lower: p25 - 1.5 * iqr, upper: p75 + 1.5 * iqr };
}

export function outliersSql(relation: string, fences: readonly Fences[]): string {
  const parts = fences.flatMap((f) => {
    const x = asDouble(f.col);
    const p = `c${f.col.index}_`;
    return [
      `count(*) FILTER (WHERE ${x} < ${numberLiteral(f.lower)}) AS ${p}below`,
      `count(*) FILTER (WHERE ${x} > ${numberLiteral(f.upper)}) AS ${p}above`,
    ];
  });
  return `SELECT\n  ${parts.join(',\n  ')}\nFROM ${relation}`;
}

export function readOutliers(result: Table, f: Fences): Outliers {
  const p = `c${f.col.index}_`;
  return {
    lower: f.lower,
    upper: f.upper,
    below: countAt(result, `${p}below`),
    above: countAt(result, `${p}above`),
  };
}
