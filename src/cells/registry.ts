import { assertNever } from '../lib/errors';
import type { Cell, CellKind } from '../notebook/types';

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
  profile: {
    label: 'Profile',
    description: 'Every column of a table: types, missing values, distributions, problems found',
  },
  clean: {
    label: 'Clean',
    description: 'Steps that fix a table (types, missing values, categories, duplicates), compiled to SQL',
  },
  chart: {
    label: 'Chart',
    description: 'A chart of a table, aggregated in DuckDB: distributions, segments, trends, the target',
  },
  brief: {
    label: 'Brief',
    description: 'The business question: target, metric, the bar to beat, the value of each outcome',
  },
  features: {
    label: 'Features',
    description: 'The columns the model sees, encoded and learned on the training rows; leakage warnings',
  },
  train: {
    label: 'Train',
    description: 'Models trained in a worker on a features table, compared with the baseline',
  },
  evaluate: {
    label: 'Evaluate',
    description: 'Metrics with intervals, curves, slices, the value of each threshold and a verdict',
  },
} as const satisfies Record<CellKind, CellKindEntry>;

export const cellKindOrder: readonly CellKind[] = [
  'brief',
  'source',
  'sql',
  'profile',
  'clean',
  'chart',
  'features',
  'train',
  'evaluate',
  'markdown',
];

/** What a cell's frame is called: the kind, and the table it makes or looks at. */
export function cellTitle(cell: Cell): string {
  switch (cell.kind) {
    case 'markdown':
      return 'Markdown';
    case 'source':
    case 'sql':
      return `${cellKinds[cell.kind].label} → ${cell.config.output}`;
    case 'clean':
      return `Clean ${cell.config.input === '' ? '…' : cell.config.input} → ${cell.config.output}`;
    case 'brief':
      return `Brief${cell.config.target === '' ? '' : `: predict ${cell.config.target}`}`;
    case 'chart':
      return `Chart of ${cell.config.input === '' ? '…' : cell.config.input}`;
    case 'profile':
      return `Profile of ${cell.config.input === '' ? '…' : cell.config.input}`;
    case 'features':
      return `Features of ${cell.config.input === '' ? '…' : cell.config.input} → ${cell.config.output}`;
    case 'train':
      return `Train on ${cell.config.input === '' ? '…' : cell.config.input} → ${cell.config.output}`;
    case 'evaluate':
      return `Evaluate ${cell.config.input === '' ? '…' : cell.config.input}`;
    default:
      return assertNever(cell);
  }
}
