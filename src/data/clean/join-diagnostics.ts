import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { checkedKeys, type JoinSpec } from './join';
import { mapRows, numberAt, textAt } from './results';

export interface JoinDiagnostics {
  readonly leftRows: number;
  readonly rightRows: number;
  /** Rows whose key has no match on the other side (NULL keys never match). */
  readonly leftUnmatched: number;
  readonly rightUnmatched: number;
  /** Key values (without NULLs) found on more than one row of that side. */
  readonly leftDuplicateKeys: number;
  readonly rightDuplicateKeys: number;
  /**
   * Result rows that the right side's duplicates add beyond one per matched left row (fan-out),
   * and the same for the left side's duplicates. A many-to-many key counts on both sides.
   */
  readonly rightFanOutRows: number;
  readonly leftFanOutRows: number;
  /** Pairs of rows whose keys match: the inner join's row count. */
  readonly matchedRows: number;
  /** The row count of the join of `spec.type`. */
  readonly expectedRows: number;
  /** A few unmatched keys of each side, most frequent first, as text (one entry per key column). */
  readonly leftUnmatchedExamples: readonly (readonly (string | null)[])[];
  readonly rightUnmatchedExamples: readonly (readonly (string | null)[])[];
}

const EXAMPLES = 5;

/** Key counts of each side, paired: one row per key value, with its row count on each side. */
function keyCountsCtes(spec: JoinSpec): string {
  const keys = checkedKeys(spec);
  const aliases = keys.left.map((_, i) => `key_${i + 1}`);
  const counts = (table: string, names: readonly string[]): string =>
    `SELECT ${names.map((k, i) => `${quoteIdent(k)} AS ${aliases[i] ?? ''}`).join(', ')}, count(*) AS n FROM ${quoteIdent(table)} GROUP BY ALL`;
  const notNull = (side: string): string => aliases.map((a) => `${side}.${a} IS NOT NULL`).join(' AND ');
  return [
    'WITH',
    `left_keys AS (${counts(spec.left.table, keys.left)}),`,
    `right_keys AS (${counts(spec.right.table, keys.right)}),`,
    'paired AS (',
    `  SELECT l.n AS ln, r.n AS rn, ${notNull('l')} AS l_complete, ${notNull('r')} AS r_complete,`,
    `    ${aliases.map((a) => `l.${a} AS l_${a}, r.${a} AS r_${a}`).join(', ')}`,
    '  FROM left_keys AS l FULL JOIN right_keys AS r',
    `  ON ${aliases.map((a) => `l.${a} = r.${a}`).join(' AND ')}`,
    ')',
  ].join('\n');
}

const COUNTS_SQL = `SELECT
  sum(ln) AS left_rows,
  sum(rn) AS right_rows,
  sum(ln) FILTER (WHERE rn IS NULL) AS left_unmatched,
  sum(rn) FILTER (WHERE ln IS NULL) AS right_unmatched,
  count(*) FILTER (WHERE ln > 1 AND l_complete) AS left_duplicate_keys,
  count(*) FILTER (WHERE rn > 1 AND r_complete) AS right_duplicate_keys,
  sum(ln * (rn - 1)) FILTER (WHERE ln IS NOT NULL AND rn > 1) AS right_fan_out,
  sum(rn * (ln - 1)) FILTER (WHERE rn IS NOT NULL AND ln > 1) AS left_fan_out,
  sum(ln * rn) AS matched
FROM paired`;

function examplesSql(side: 'l' | 'r', keyCount: number): string {
  const other = side === 'l' ? 'rn' : 'ln';
  const keys = Array.from(
    { length: keyCount },
    (_, i) => `CAST(${side}_key_${i + 1} AS VARCHAR) AS key_${i + 1}`,
  );
  return `SELECT ${keys.join(', ')}\nFROM paired\nWHERE ${other} IS NULL AND ${side}n IS NOT NULL\nORDER BY ${side}n DESC, ${keys.map((_, i) => `key_${i + 1}`).join(', ')}\nLIMIT ${EXAMPLES}`;
}

/**
 * What a join will do before it is run: rows on each side, rows without a match, duplicated keys
 * and the rows they add, the result's row count, and a few unmatched keys to look at.
 */
export async function joinDiagnostics(
  engine: SqlEngine,
  spec: JoinSpec,
  signal?: AbortSignal,
): Promise<JoinDiagnostics> {
  const options = signal ? { signal } : {};
  const ctes = keyCountsCtes(spec);
  const counts = await engine.query(`${ctes}\n${COUNTS_SQL}`, options);
  const examples = async (side: 'l' | 'r'): Promise<(string | null)[][]> => {
    const result = await engine.query(`${ctes}\n${examplesSql(side, spec.leftKeys.length)}`, options);
    return mapRows(result, (row) => spec.leftKeys.map((_, i) => textAt(result, `key_${i + 1}`, row)));
  };
  const n = (name: string): number => numberAt(counts, name);
  const [leftUnmatched, rightUnmatched, matched] = [n('left_unmatched'), n('right_unmatched'), n('matched')];
  const keepsLeft = spec.type === 'left' || spec.type === 'full';
  const keepsRight = spec.type === 'right' || spec.type === 'full';
  return {
    leftRows: n('left_rows'),
    rightRows: n('right_rows'),
    leftUnmatched,
    rightUnmatched,
    leftDuplicateKeys: n('left_duplicate_keys'),
    rightDuplicateKeys: n('right_duplicate_keys'),
    rightFanOutRows: n('right_fan_out'),
    leftFanOutRows: n('left_fan_out'),
    matchedRows: matched,
    expectedRows: matched + (keepsLeft ? leftUnmatched : 0) + (keepsRight ? rightUnmatched : 0),
    leftUnmatchedExamples: await examples('l'),
    rightUnmatchedExamples: await examples('r'),
  };
}
