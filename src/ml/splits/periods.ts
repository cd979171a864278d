/** Calendar periods in UTC: ISO weeks (from Monday), months and quarters, as epoch milliseconds. */

export type CalendarPeriod = 'week' | 'month' | 'quarter';

const DAY_MS = 86_400_000;

/** The start of the period that holds `ms`. */
export function periodStart(ms: number, period: CalendarPeriod): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (period) {
    case 'week': {
      const midnight = Date.UTC(y, m, d.getUTCDate());
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      return midnight - sinceMonday * DAY_MS;
    }
    case 'month':
      return Date.UTC(y, m, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
  }
}

/** The start of the period after the one that starts at `start`. */
export function nextPeriodStart(start: number, period: CalendarPeriod): number {
  const d = new Date(start);
  switch (period) {
    case 'week':
      return start + 7 * DAY_MS;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1);
  }
}

/** The starts of every period from the one holding `first` to the one holding `last`, and the end of the last. */
export function periodBoundaries(first: number, last: number, period: CalendarPeriod): number[] {
  const out = [periodStart(first, period)];
  let at = out[0] ?? first;
  while (at <= last) {
    at = nextPeriodStart(at, period);
    out.push(at);
  }
  return out;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** '2001-03' (month), '2001-Q2' (quarter), '2001-W09' (ISO week, in its ISO year). */
export function periodLabel(start: number, period: CalendarPeriod): string {
  const d = new Date(start);
  const y = d.getUTCFullYear();
  switch (period) {
    case 'month':
      return `${y}-${pad(d.getUTCMonth() + 1)}`;
    case 'quarter':
      return `${y}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    case 'week': {
      // The ISO year and week are those of the week's Thursday.
      const thursday = new Date(periodStart(start, 'week') + 3 * DAY_MS);
      const isoYear = thursday.getUTCFullYear();
      const week = 1 + Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS));
      return `${isoYear}-W${pad(week)}`;
    }
  }
}
