import type { ChartRow, ChartValue } from '../../data/chart/types';

/** The palette of every categorical chart: Observable 10, colour-blind safe. */
export const SCHEME = 'observable10';
/** One-colour charts use the palette's first colour. */
export const ACCENT = '#4269d0';

/** A number for people: 4 significant digits, thousands separated. */
export function formatNumber(value: ChartValue | undefined): string {
  if (typeof value !== 'number') return value === null || value === undefined ? '–' : value;
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

export function formatPercent(value: ChartValue | undefined): string {
  return typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : '–';
}

export function numberOf(row: ChartRow, field: string): number | null {
  const value = row[field];
  return typeof value === 'number' ? value : null;
}

export function textOf(row: ChartRow, field: string): string {
  const value = row[field];
  return value === null || value === undefined ? '' : String(value);
}

/** The label of a target segment: its value, or the range of its quantile bin. */
export function segmentLabel(row: ChartRow): string {
  const segment = row['segment'];
  if (typeof segment === 'string') return segment;
  return `${formatNumber(row['lo'])} – ${formatNumber(row['hi'])}`;
}

/** Distinct values of a field in the rows' order. */
export function distinct(rows: readonly ChartRow[], read: (row: ChartRow) => string): string[] {
  return [...new Set(rows.map(read))];
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/**
 * A y-axis tick short enough for the default left margin: 12,000 → "12K", 2,500,000 → "2.5M";
 * smaller numbers as they are. A long label ("100,000") would be cut to "00,000" by the margin.
 */
export function axisTick(value: number): string {
  return Math.abs(value) >= 10_000
    ? compact.format(value)
    : value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}
