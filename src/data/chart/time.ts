import { quoteIdent } from '../sql';
import type { ChartColumn } from './columns';
import type { Grain, LineGrain } from './types';

const DAY_MS = 86_400_000;

/** Each grain, finest first, with the length of one period (a month and longer on average). */
const GRAINS: readonly { grain: LineGrain; ms: number }[] = [
  { grain: 'day', ms: DAY_MS },
  { grain: 'week', ms: 7 * DAY_MS },
  { grain: 'month', ms: 30.44 * DAY_MS },
  { grain: 'quarter', ms: 91.31 * DAY_MS },
  { grain: 'year', ms: 365.25 * DAY_MS },
  { grain: 'decade', ms: 3652.5 * DAY_MS },
  { grain: 'century', ms: 36525 * DAY_MS },
];

/** A line has at most about this many points per series. */
export const MAX_PERIODS = 1_000;

/**
 * The asked grain, or the first coarser one that gives at most MAX_PERIODS periods between the
 * first and the last time (epoch ms; null when the column has no value).
 */
export function chooseGrain(asked: Grain, firstMs: number | null, lastMs: number | null): LineGrain {
  const start = GRAINS.findIndex((g) => g.grain === asked);
  if (firstMs === null || lastMs === null) return asked;
  const span = Math.max(0, lastMs - firstMs);
  for (const g of GRAINS.slice(start)) {
    if (span / g.ms + 1 <= MAX_PERIODS) return g.grain;
  }
  return 'century';
}

/** The first and the last time of a column, in epoch ms: one row, `lo` and `hi`. */
export function timeSpanSql(table: string, column: ChartColumn): string {
  const t = `CAST(${quoteIdent(column.name)} AS TIMESTAMP)`;
  return `SELECT CAST(epoch_ms(min(${t})) AS DOUBLE) AS lo, CAST(epoch_ms(max(${t})) AS DOUBLE) AS hi FROM ${quoteIdent(table)}`;
}
