import type { CellKind } from '../notebook/types';
import { runMarkdown } from './markdown/run';
import { runSource } from './source/run';
import { runSql } from './sql/run';
import type { CellRunner } from './types';

/** How each kind of cell runs. Adding a kind to `CellConfigs` fails compilation here until it is handled. */
export const runners: { readonly [K in CellKind]: CellRunner<K> } = {
  markdown: runMarkdown,
  source: runSource,
  sql: runSql,
};
