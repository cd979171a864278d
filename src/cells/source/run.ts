import { fail, type Problem } from '../../lib/errors';
import type { SourceConfig } from '../../notebook/types';
import type { CellRunner, TableResult } from '../types';

/** A source's run: the table its file became. */
export type SourceOutput = { readonly kind: 'source' } & TableResult;

/** The name under which a source's bytes are registered in DuckDB's file system. */
export function registeredFileName(sha256: string, name: string): string {
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
  return `source-${sha256.slice(0, 16)}${extension.toLowerCase()}`;
}

/** What keeps a source from running: no file yet. */
export function sourceProblem(config: SourceConfig): Problem | null {
  return config.file === null
    ? { code: 'missing-input', message: 'No file yet: choose a file or drop one on this cell.' }
    : null;
}

export const runSource: CellRunner<'source', SourceOutput> = async (ctx, cell) => {
  const { output, csv } = cell.config;
  const file = cell.config.file ?? fail(sourceProblem(cell.config));
  const blob = await ctx.loadBlob(file.sha256);
  const result = await ctx.importSource({
    table: output,
    fileName: registeredFileName(file.sha256, file.name),
    originalName: file.name,
    blob,
    format: file.format,
    csv,
    signal: ctx.signal,
  });
  return {
    kind: 'source',
    table: output,
    materialize: result.materialize,
    rowCount: result.rowCount,
    ...(result.materialize === 'view' ? { headOnly: true } : {}),
    columns: result.columns,
    skippedRows: result.skippedRows,
    skippedSample: result.skippedSample,
    notices: result.notices,
  };
};
