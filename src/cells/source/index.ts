import { keptTableResult } from '../shared/cached-output';
import { rowsText } from '../shared/text';
import type { CellUnit } from '../unit';
import { runSource, type SourceOutput } from './run';
import SourceView from './SourceView.svelte';

export const source: CellUnit<'source', SourceOutput> = {
  label: 'Source',
  description: 'Import a CSV, Parquet or JSON file as a table',
  run: runSource,
  view: SourceView,
  doneText: (output) => (output.headOnly ? 'view, rows not counted' : rowsText(output.rowCount)),
  report: {
    has: (cell) => cell.config.file !== null,
    section: ({ config }, { heading, output }) =>
      config.file === null
        ? null
        : {
            kind: 'source',
            heading,
            table: config.output,
            note: config.note,
            file: config.file,
            rows: output?.headOnly ? null : (output?.rowCount ?? null),
            columns: output?.columns.length ?? null,
          },
    shownBatch: () => null,
  },
  script: ({ config: { file, output, note, csv } }) =>
    Promise.resolve(
      file === null
        ? null
        : {
            kind: 'source',
            table: output,
            fileName: file.name,
            format: file.format,
            sha256: file.sha256,
            note,
            csv,
          },
    ),
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: {
    keep: (output) => output,
    restore: (kept, cell) => {
      const result = keptTableResult(kept, cell.config.output);
      return result === null ? null : { kind: 'source', ...result };
    },
  },
};
