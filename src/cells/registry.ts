import type { CellKind } from '../notebook/types';

export interface CellKindEntry {
  readonly label: string;
  /** What the "add cell" menu says of it. */
  readonly description: string;
}

/** Every cell kind the notebook offers. `satisfies` fails the build until a new kind is listed. */
export const cellKinds = {
  markdown: { label: 'Markdown', description: 'Notes, the brief, conclusions' },
  source: { label: 'Source', description: 'Import a CSV, Parquet or JSON file as a table' },
  sql: { label: 'SQL', description: 'A query whose result becomes a table or view' },
} as const satisfies Record<CellKind, CellKindEntry>;

export const cellKindOrder: readonly CellKind[] = ['source', 'sql', 'markdown'];
