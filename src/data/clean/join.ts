import { AppError } from '../../lib/errors';
import { quoteIdent } from '../sql';
import { findColumn } from './context';
import { oneLine } from './describe';
import type { ColumnSpec } from './types';

export type JoinType = 'inner' | 'left' | 'right' | 'full';

export interface JoinSide {
  readonly table: string;
  readonly columns: readonly ColumnSpec[];
}

export interface JoinSpec {
  readonly left: JoinSide;
  readonly right: JoinSide;
  readonly leftKeys: readonly string[];
  readonly rightKeys: readonly string[];
  readonly type: JoinType;
  /** The table the result becomes (the SQL cell's output); named in the comment above the query. */
  readonly output: string;
  /** Appended to a right column whose name the result already has; `_right` unless given. */
  readonly suffix?: string;
}

export interface JoinColumn {
  readonly name: string;
  readonly side: 'left' | 'right' | 'key';
  /** The column's name in its table (the left one for a key). */
  readonly source: string;
}

export interface JoinSql {
  /** A query for a SQL cell: no CREATE, the cell materializes it. */
  readonly sql: string;
  readonly columns: readonly JoinColumn[];
}

const KEYWORD: Record<JoinType, string> = {
  inner: 'JOIN',
  left: 'LEFT JOIN',
  right: 'RIGHT JOIN',
  full: 'FULL JOIN',
};

/** The key names as each table spells them; throws when a key is missing or the lists do not pair up. */
export function checkedKeys(spec: JoinSpec): { left: string[]; right: string[] } {
  if (spec.leftKeys.length === 0 || spec.leftKeys.length !== spec.rightKeys.length) {
    throw new AppError(
      'bad-input',
      'A join needs the same number of key columns on each side, at least one.',
    );
  }
  const resolve = (side: JoinSide, key: string): string => {
    const found = findColumn(side.columns, key);
    if (!found) throw new AppError('bad-input', `Join key "${key}" is not a column of "${side.table}".`);
    return found.name;
  };
  return {
    left: spec.leftKeys.map((k) => resolve(spec.left, k)),
    right: spec.rightKeys.map((k) => resolve(spec.right, k)),
  };
}

/** The result's columns: every left column, then the right's without its keys, renamed where a name is taken. */
function joinColumns(spec: JoinSpec, keys: { left: string[]; right: string[] }): JoinColumn[] {
  const taken = new Set(spec.left.columns.map((c) => c.name.toLowerCase()));
  const columns: JoinColumn[] = spec.left.columns.map((c) => ({
    name: c.name,
    side: keys.left.includes(c.name) ? 'key' : 'left',
    source: c.name,
  }));
  const suffix = spec.suffix ?? '_right';
  for (const c of spec.right.columns) {
    if (keys.right.includes(c.name)) continue;
    let name = c.name;
    for (let n = 1; taken.has(name.toLowerCase()); n++) name = `${c.name}${suffix}${n === 1 ? '' : `_${n}`}`;
    taken.add(name.toLowerCase());
    columns.push({ name, side: 'right', source: c.name });
  }
  return columns;
}

function selectItem(column: JoinColumn, spec: JoinSpec, keys: { left: string[]; right: string[] }): string {
  const alias = quoteIdent(column.name);
  if (column.side === 'right') {
    const source = `r.${quoteIdent(column.source)}`;
    return column.name === column.source ? source : `${source} AS ${alias}`;
  }
  const left = `l.${quoteIdent(column.source)}`;
  const rightKey = keys.right[keys.left.indexOf(column.source)];
  // A right or full join has rows with no left match: their key comes from the right.
  if (column.side === 'key' && rightKey !== undefined && (spec.type === 'right' || spec.type === 'full')) {
    return `coalesce(${left}, r.${quoteIdent(rightKey)}) AS ${alias}`;
  }
  return left;
}

/** The join as one readable query over `l` and `r`. */
export function joinSql(spec: JoinSpec): JoinSql {
  const keys = checkedKeys(spec);
  const columns = joinColumns(spec, keys);
  const on = keys.left.map((k, i) => `l.${quoteIdent(k)} = r.${quoteIdent(keys.right[i] ?? k)}`);
  const sql = [
    `-- ${oneLine(`${spec.type} join of "${spec.left.table}" and "${spec.right.table}" into "${spec.output}"`)}`,
    'SELECT',
    columns.map((c) => `  ${selectItem(c, spec, keys)}`).join(',\n'),
    `FROM ${quoteIdent(spec.left.table)} AS l`,
    `${KEYWORD[spec.type]} ${quoteIdent(spec.right.table)} AS r`,
    `  ON ${on.join('\n  AND ')}`,
  ].join('\n');
  return { sql, columns };
}
