import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { AppError } from '../src/lib/errors';
import type { InputSchema } from '../src/notebook/bundle/types';
import { quoteIdent, quoteLiteral } from '../src/data/sql';
import type { NativeDb } from './duckdb';

/*
 * The rows to score: one CSV or Parquet file, a directory of Parquet files, or a glob of them,
 * as one view that DuckDB reads in chunks (nothing is loaded whole). Files are read in name
 * order, rows in file order: that is the input order the output keeps.
 */

export type InputFiles =
  | { readonly format: 'csv'; readonly files: readonly [string] }
  | { readonly format: 'parquet'; readonly files: readonly string[] };

const GLOB = /[*?[]/;

function usage(message: string): AppError {
  return new AppError('invalid-document', message);
}

function formatOf(path: string): 'csv' | 'parquet' | null {
  const lower = path.toLowerCase();
  if (/\.(csv|tsv|txt)(\.gz)?$/.test(lower)) return 'csv';
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  return null;
}

/** The directory a path or glob lives in: what DuckDB must be allowed to read. */
export function inputDirectory(input: string): string {
  const full = resolve(input);
  if (GLOB.test(full)) {
    const parts = full.split('/');
    const first = parts.findIndex((p) => GLOB.test(p));
    return parts.slice(0, first).join('/') || '/';
  }
  return existsSync(full) && statSync(full).isDirectory() ? full : dirname(full);
}

/** Which files INPUT names, before DuckDB is locked down (a glob is listed by DuckDB after). */
export function inputFiles(
  input: string,
): InputFiles | { readonly format: 'parquet'; readonly glob: string } {
  const full = resolve(input);
  if (GLOB.test(full)) {
    if (formatOf(full) !== 'parquet') throw usage(`A glob must name Parquet files (…/*.parquet): ${input}`);
    return { format: 'parquet', glob: full };
  }
  if (!existsSync(full)) throw usage(`There is no file or directory ${input}.`);
  if (statSync(full).isDirectory()) {
    const files = readdirSync(full)
      .filter((name) => formatOf(name) === 'parquet')
      .sort()
      .map((name) => join(full, name));
    if (files.length === 0) throw usage(`The directory ${input} holds no .parquet files.`);
    return { format: 'parquet', files };
  }
  const format = formatOf(full);
  if (format === null) {
    throw usage(
      `Cannot tell the format of ${input} from its name (${extname(full) || 'no extension'}): use .csv or .parquet.`,
    );
  }
  return format === 'csv' ? { format, files: [full] } : { format, files: [full] };
}

async function globbed(db: NativeDb, glob: string): Promise<string[]> {
  const rows = await db.read(`SELECT file FROM glob(${quoteLiteral(glob)}) ORDER BY file`);
  const files = rows.map((r) => String(r['file']));
  if (files.length === 0) throw usage(`No file matches ${glob}.`);
  return files;
}

/**
 * Creates the view `name` over the input. A CSV's columns that the model reads as text are read
 * as VARCHAR, as in training (DuckDB's sniffer would make "Yes"/"No" a BOOLEAN); other types are
 * sniffed, and the input check reports any that differ from training.
 */
export async function createInputView(
  db: NativeDb,
  input: ReturnType<typeof inputFiles>,
  schema: InputSchema,
  name: string,
): Promise<{ files: readonly string[] }> {
  const files = 'glob' in input ? await globbed(db, input.glob) : input.files;
  if (input.format === 'parquet') {
    await db.run(
      `CREATE OR REPLACE VIEW ${quoteIdent(name)} AS SELECT * FROM read_parquet([${files.map(quoteLiteral).join(', ')}])`,
    );
    return { files };
  }
  const file = quoteLiteral(files[0] ?? '');
  const header = await db.read(`DESCRIBE SELECT * FROM read_csv(${file})`);
  const present = new Set(header.map((r) => String(r['column_name'])));
  const text = schema.columns.filter((c) => c.type === 'VARCHAR' && present.has(c.name));
  const types =
    text.length === 0
      ? ''
      : `, types = {${text.map((c) => `${quoteLiteral(c.name)}: 'VARCHAR'`).join(', ')}}`;
  await db.run(`CREATE OR REPLACE VIEW ${quoteIdent(name)} AS SELECT * FROM read_csv(${file}${types})`);
  return { files };
}
