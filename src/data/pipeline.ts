import type { CsvOptions, SourceFormat } from '../notebook/types';
import { quoteIdent, quoteLiteral, stripTrailingSemicolons } from './sql';

/** One statement of a case's preparation, in the order the cell graph runs them. */
export type PipelineStep =
  | {
      readonly kind: 'source';
      readonly table: string;
      readonly fileName: string;
      readonly format: SourceFormat;
      readonly sha256: string;
      readonly note: string;
      readonly csv: CsvOptions;
    }
  | {
      readonly kind: 'query';
      readonly table: string;
      readonly sql: string;
      readonly materialize: 'table' | 'view';
      /** What made it, for the comment above it ("SQL cell", "clean: 4 steps"). */
      readonly label: string;
    };

export interface PipelineHeader {
  readonly caseTitle: string;
  readonly appVersion: string;
  /** ISO 8601. */
  readonly exportedAt: string;
  /** Tables the case defines that the script leaves out, because they cannot be built yet. */
  readonly leftOut?: readonly string[];
}

/**
 * The preparation of a case as one SQL script that runs unchanged in native DuckDB
 * (`duckdb < case.sql`, or any client) from a folder that holds the source files.
 * Text from the case only ever appears in line comments (flattened to one line, so a title
 * cannot end the comment) or as quoted identifiers and literals.
 */
export function pipelineScript(header: PipelineHeader, steps: readonly PipelineStep[]): string {
  const lines = [
    `-- Casebook pipeline: ${commentText(header.caseTitle)}`,
    `-- Exported ${commentText(header.exportedAt)} by Casebook ${commentText(header.appVersion)}.`,
    '-- Run it with native DuckDB from a folder that holds the source files listed below;',
    '-- check each file against its SHA-256 first (sha256sum) to be sure it is the same data.',
    '',
  ];
  for (const step of steps) lines.push(...stepLines(step), '');
  if (header.leftOut && header.leftOut.length > 0) {
    lines.push(`-- Left out, not runnable in the notebook yet: ${commentText(header.leftOut.join(', '))}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function stepLines(step: PipelineStep): string[] {
  switch (step.kind) {
    case 'source':
      return [
        `-- Source ${commentText(step.fileName)} (SHA-256 ${commentText(step.sha256)})`,
        ...(step.note.trim() === '' ? [] : [`-- ${commentText(step.note)}`]),
        `CREATE OR REPLACE TABLE ${quoteIdent(step.table)} AS SELECT * FROM ${readCall(step)};`,
      ];
    case 'query': {
      const kind = step.materialize === 'view' ? 'VIEW' : 'TABLE';
      return [
        `-- ${commentText(step.label)}`,
        `CREATE OR REPLACE ${kind} ${quoteIdent(step.table)} AS`,
        // On its own line: the query may end in a line comment.
        stripTrailingSemicolons(step.sql).trim(),
        ';',
      ];
    }
  }
}

/** The native reader that matches the browser's import of each format. */
function readCall(step: Extract<PipelineStep, { kind: 'source' }>): string {
  const file = quoteLiteral(step.fileName);
  switch (step.format) {
    case 'csv': {
      const args = [file, `header = ${step.csv.header ? 'true' : 'false'}`];
      if (step.csv.delimiter !== 'auto') args.push(`delim = ${quoteLiteral(step.csv.delimiter)}`);
      if (step.csv.skipBadRows) args.push('ignore_errors = true');
      return `read_csv(${args.join(', ')})`;
    }
    case 'parquet':
      return `read_parquet(${file})`;
    case 'json':
      return `read_json(${file}, format = 'auto')`;
    case 'ndjson':
      return `read_json(${file}, format = 'newline_delimited')`;
  }
}

/** One line of plain text: no line breaks (which would end a `--` comment), no control characters. */
function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}
