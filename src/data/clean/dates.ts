import type { SqlEngine } from '../engine';
import { DATE_FORMATS } from '../date-formats';
import { quoteIdent, quoteLiteral } from '../sql';
import { numberAt } from './results';

export interface DateFormatGuess {
  /** The format that parses the most values; null when none parses any. */
  readonly format: string | null;
  /** Share of the distinct non-blank values it parses. */
  readonly share: number;
  /** Other formats that parse as many (day/month order undecidable when every day is ≤ 12). */
  readonly alsoMatches: readonly string[];
}

/**
 * The strptime format of a text column's dates, tried on its 5,000 most frequent distinct values
 * (each format once per distinct value, not per row: try_strptime is slow).
 */
export async function guessDateFormat(
  engine: SqlEngine,
  table: string,
  column: string,
  signal?: AbortSignal,
): Promise<DateFormatGuess> {
  const v = quoteIdent(column);
  const tries = DATE_FORMATS.map(
    (f, i) => `count(*) FILTER (WHERE try_strptime(v, ${quoteLiteral(f)}) IS NOT NULL) AS f${i}`,
  );
  const sql = [
    `WITH vals AS (SELECT trim(CAST(${v} AS VARCHAR)) AS v, count(*) AS n FROM ${quoteIdent(table)}`,
    `  WHERE ${v} IS NOT NULL AND trim(CAST(${v} AS VARCHAR)) <> '' GROUP BY 1 ORDER BY n DESC LIMIT 5000)`,
    `SELECT count(*) AS total, ${tries.join(', ')} FROM vals`,
  ].join('\n');
  const result = await engine.query(sql, signal ? { signal } : {});
  const total = numberAt(result, 'total');
  const counts = DATE_FORMATS.map((_, i) => numberAt(result, `f${i}`));
  const best = Math.max(0, ...counts);
  if (total === 0 || best === 0) return { format: null, share: 0, alsoMatches: [] };
  const matching = DATE_FORMATS.filter((_, i) => counts[i] === best);
  return { format: matching[0] ?? null, share: best / total, alsoMatches: matching.slice(1) };
}
