import { uniqueName } from '../names';
import { text } from '../read';
import type { KindFacts } from './facts';

export interface SqlConfig {
  readonly sql: string;
  /** The table or view the query's result becomes. */
  readonly output: string;
  readonly materialize: 'table' | 'view';
}

/** A query whose result becomes a table or view; DuckDB's parser says which tables it reads. */
export const sql: KindFacts<SqlConfig> = {
  title: (config) => `SQL → ${config.output}`,
  defaults: ({ taken }) => ({ sql: 'SELECT 1', output: uniqueName('table', taken), materialize: 'table' }),
  restore: (raw, path) => ({
    sql: text(raw['sql'], `${path}.sql`),
    output: text(raw['output'], `${path}.output`, true),
    materialize: raw['materialize'] === 'view' ? 'view' : 'table',
  }),
  reads: (config) => ({ sql: config.sql }),
  output: (config) => config.output,
  fingerprint: (config) => config,
  readsBrief: false,
  readsChampion: () => false,
  runs: true,
  // A view costs nothing to make again; a table is kept.
  cacheable: (config) => config.materialize === 'table',
  files: () => [],
  withFile: null,
};
