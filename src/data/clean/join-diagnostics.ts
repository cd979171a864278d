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
  /** Rows of each side whose key matches more than one row of the other side: the join repeats them. */
  readonly leftRowsMatchingSeveral: number;
  readonly rightRowsMatchingSeveral: number;
  /** One or many rows per matched key on each side: "many-to-one" when only the left repeats keys. */
  readonly relationship: JoinRelationship;
  /** Pairs of rows whose keys match: the inner join's row count. */
  readonly matchedRows: number;
  /** The row count of the join of `spec.type`. */
  readonly expectedRows: number;
  /** A few unmatched keys of each side, most frequent first, as text (one entry per key column). */
  readonly leftUnmatchedExamples: readonly (readonly (string | null)[])[];
  readonly rightUnmatchedExamples: readonly (readonly (string | null)[])[];
}

export type JoinRelationship = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

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
  sum(ln) FILTER (WHERE rn > 1) AS left_rows_matching_several,
  sum(rn) FILTER (WHERE ln > 1) AS right_rows_matching_several,
  count(*) FILTER (WHERE ln > 1 AND rn IS NOT NULL) AS left_repeated_matched_keys,
  count(*) FILTER (WHERE rn > 1 AND ln IS NOT NULL) AS right_repeated_matched_keys,
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
  const leftMany = n('left_repeated_matched_keys') > 0;
  const rightMany = n('right_repeated_matched_keys') > 0;
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
    leftRowsMatchingSeveral: n('left_rows_matching_several'),
    rightRowsMatchingSeveral: n('right_rows_matching_several'),
    relationship: `${leftMany ? 'many' : 'one'}-to-${rightMany ? 'many' : 'one'}`,
    matchedRows: matched,
    expectedRows: matched + (keepsLeft ? leftUnmatched : 0) + (keepsRight ? rightUnmatched : 0),
    leftUnmatchedExamples: await examples('l'),
    rightUnmatchedExamples: await examples('r'),
  };
}

const count = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Whether duplicated keys make this join longer than one row per kept row. */
export function duplicatesAddRows(d: JoinDiagnostics, type: JoinSpec['type']): boolean {
  return (
    (type !== 'right' && d.leftRowsMatchingSeveral > 0) || (type !== 'left' && d.rightRowsMatchingSeveral > 0)
  );
}

/**
 * What the duplicated keys do to this join, in words, from the counts. Fan-out comes from the
 * duplicates on the side a row is matched into: a left join keeps each left row once per right
 * row it matches, so only the right side's duplicates add rows to it; the left side's repeat the
 * right rows they match and add none.
 */
export function duplicateKeysText(d: JoinDiagnostics, type: JoinSpec['type']): string {
  if (d.leftDuplicateKeys + d.rightDuplicateKeys === 0) return 'No key repeats on either side: one-to-one.';
  const parts = [
    `Duplicated keys: ${count(d.leftDuplicateKeys, 'key')} on the left, ${count(d.rightDuplicateKeys, 'key')} on the right (${d.relationship} on matched keys).`,
  ];
  const repeatsLeft = d.leftRowsMatchingSeveral > 0;
  const repeatsRight = d.rightRowsMatchingSeveral > 0;
  if (repeatsLeft && type !== 'right')
    parts.push(
      `${count(d.leftRowsMatchingSeveral, 'left row')} match several right rows, which adds ${count(d.rightFanOutRows, 'row')} (fan-out).`,
    );
  if (repeatsRight && type !== 'left')
    parts.push(
      `${count(d.rightRowsMatchingSeveral, 'right row')} match several left rows, which adds ${count(d.leftFanOutRows, 'row')} (fan-out).`,
    );
  if (type === 'left' && !repeatsLeft)
    parts.push(
      `Each left row matches at most one right row: the join keeps the left's ${count(d.leftRows, 'row')}.`,
    );
  if (type === 'right' && !repeatsRight)
    parts.push(
      `Each right row matches at most one left row: the join keeps the right's ${count(d.rightRows, 'row')}.`,
    );
  return parts.join(' ');
}
