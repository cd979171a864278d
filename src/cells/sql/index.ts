import { keptTableResult } from '../shared/cached-output';
import { rowsText } from '../shared/text';
import type { CellUnit } from '../unit';
import { runSql, type SqlOutput } from './run';
import SqlLineage from './SqlLineage.svelte';
import SqlView from './SqlView.svelte';

export const sql: CellUnit<'sql', SqlOutput> = {
  label: 'SQL',
  description: 'A query whose result becomes a table or view',
  run: runSql,
  view: SqlView,
  doneText: (output) => rowsText(output.rowCount),
  report: {
    has: (cell) => cell.config.sql.trim() !== '',
    section: ({ config }, { heading, output }) =>
      config.sql.trim() === ''
        ? null
        : {
            kind: 'preparation',
            heading,
            output: config.output,
            steps: [],
            sql: config.sql,
            rows: output?.rowCount ?? null,
          },
    shownBatch: () => null,
  },
  script: ({ config }) =>
    Promise.resolve({
      kind: 'query',
      table: config.output,
      sql: config.sql,
      materialize: config.materialize,
      label: 'SQL cell',
    }),
  lineage: () => null,
  lineageView: SqlLineage,
  learned: () => null,
  cache: {
    keep: (output) => output,
    restore: (kept, cell) => {
      const result = keptTableResult(kept, cell.config.output);
      return result === null || result.materialize !== 'table' ? null : { kind: 'sql', ...result };
    },
  },
};
