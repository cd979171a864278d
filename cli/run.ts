import { existsSync, mkdirSync, openAsBlob, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compileSteps } from '../src/data/clean/compile';
import { compileFeatures } from '../src/data/features/compile';
import { ROW_ID_COLUMN, TARGET_COLUMN } from '../src/data/features/types';
import { pipelineScript, type PipelineStep } from '../src/data/pipeline';
import { describeColumns } from '../src/data/score/stats';
import { SPLIT, splitSql } from '../src/data/split';
import { quoteIdent, quoteLiteral } from '../src/data/sql';
import { assertNever, errorMessage } from '../src/lib/errors';
import { buildGraph } from '../src/notebook/graph';
import { migrateCase, restoreCase } from '../src/notebook/restore';
import type { RunBatch } from '../src/notebook/runs';
import type { Case, Cell, FeaturesConfig } from '../src/notebook/types';
import { readWorkspaceFile } from '../src/storage/workspace-file';
import { openNativeDb, type NativeDb } from './duckdb';
import { CliError, type Io } from './io';

/*
 * `casebook run WORKSPACE --data DIR`: a case's preparation (sources, SQL and clean cells, in the
 * order of its cell graph) and the feature SQL fitted by one of its runs, re-run on native DuckDB
 * over full-size source files. Only on this explicit command does a case's own SQL run outside
 * the browser, and DuckDB may then read DIR only and write OUTDIR only.
 */

export interface RunOptions {
  readonly workspace: string;
  readonly data: string;
  readonly out: string;
  /** A case id or title; needed when the file holds several live cases. */
  readonly caseRef?: string;
  /** The run whose fitted features to use; the case's latest run that has them when absent. */
  readonly runId?: string;
  readonly threads?: number;
  readonly memoryLimit?: string;
}

async function readCase(path: string, ref: string | undefined): Promise<{ doc: Case; batches: RunBatch[] }> {
  if (!existsSync(path)) throw new CliError(1, `There is no workspace file ${path}.`);
  let entries;
  try {
    entries = await readWorkspaceFile(await openAsBlob(path));
  } catch (e: unknown) {
    throw new CliError(3, errorMessage(e), e);
  }
  const live = entries.cases.filter((c) => c.deletedAt === null);
  const wanted = ref?.trim().toLowerCase();
  const found =
    wanted === undefined
      ? live.length === 1
        ? live
        : []
      : live.filter((c) => c.id.toLowerCase() === wanted || c.title.trim().toLowerCase() === wanted);
  const [chosen] = found;
  if (!chosen || found.length > 1) {
    const list = live.map((c) => `  ${c.id}  ${c.title}`).join('\n');
    throw new CliError(
      1,
      `${ref === undefined ? 'The file holds several cases' : `No single case is called "${ref}"`}: choose one with --case ID_OR_TITLE.\n${list}`,
    );
  }
  // Checked by the reader already; restored again here for its type.
  const doc = restoreCase(migrateCase(chosen.doc)).case;
  const batches = entries.bundles.map((b) => b.bundle.batch).filter((b) => b.caseId === doc.id);
  return { doc, batches };
}

/** A source's file inside DIR: only its base name is used, so that no case can point outside. */
function sourcePath(data: string, fileName: string): string {
  const name = basename(fileName);
  if (name !== fileName || name === '..' || name === '.') {
    throw new CliError(1, `The case names the source file "${fileName}", which is not a plain file name.`);
  }
  const path = join(resolve(data), name);
  if (!existsSync(path))
    throw new CliError(
      1,
      `The source file ${name} is not in ${data}: copy the full-size file there under that name.`,
    );
  return path;
}

/** The statement of one preparation cell, or null for cells that prepare nothing. */
async function preparation(db: NativeDb, cell: Cell, data: string): Promise<PipelineStep | null> {
  switch (cell.kind) {
    case 'source': {
      const { file, output, note, csv } = cell.config;
      if (!file) return null;
      const path = sourcePath(data, file.name);
      return {
        kind: 'source',
        table: output,
        fileName: path,
        format: file.format,
        sha256: file.sha256,
        note,
        csv,
      };
    }
    case 'sql':
      return {
        kind: 'query',
        table: cell.config.output,
        sql: cell.config.sql,
        materialize: cell.config.materialize,
        label: 'SQL cell',
      };
    case 'clean': {
      const columns = await describeColumns(db.read, cell.config.input);
      const sql = compileSteps(cell.config.input, columns, cell.config.steps).sql;
      return {
        kind: 'query',
        table: cell.config.output,
        sql,
        materialize: 'table',
        label: `Clean cell on ${cell.config.input}`,
      };
    }
    case 'markdown':
    case 'profile':
    case 'chart':
    case 'brief':
    case 'features':
    case 'train':
    case 'evaluate':
    case 'explain':
    case 'abtest':
    case 'score':
    case 'backtest':
    case 'monitor':
      return null;
    default:
      return assertNever(cell);
  }
}

/** The batch whose fitted features to apply: the one asked for, or the newest that recorded them. */
function chooseBatch(batches: readonly RunBatch[], runId: string | undefined): RunBatch | null {
  const fitted = (b: RunBatch) =>
    b.lineage.links.some((l) => l.cell.kind === 'features' && l.fitted !== null);
  if (runId !== undefined) {
    const batch = batches.find((b) => b.id === runId || b.runIds.some((id) => id === runId));
    if (!batch) throw new CliError(1, `The case has no run ${runId}.`);
    if (!fitted(batch)) throw new CliError(1, `Run ${runId} did not record its fitted features.`);
    return batch;
  }
  return [...batches].filter(fitted).sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))[0] ?? null;
}

/** The features table as the app's Features cell makes it (without the rule baseline): split, then fitted features. */
async function runFeatures(db: NativeDb, batch: RunBatch, out: string, io: Io): Promise<string> {
  const link = batch.lineage.links.find(
    (l) => l.cell.kind === 'features' && l.fitted !== null && l.cell.config.output === batch.data.input,
  );
  if (!link || link.cell.kind !== 'features' || link.fitted === null)
    throw new CliError(1, 'The run recorded no fitted features.');
  const config: FeaturesConfig = link.cell.config;
  const brief = batch.lineage.links.find((l) => l.cell.kind === 'brief');
  const input =
    config.input.trim() !== '' ? config.input : brief?.cell.kind === 'brief' ? brief.cell.config.input : '';
  const split = `__split_${config.output}`;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(split)} AS\n${splitSql(input, config.split, link.fitted.target, link.fitted.task)}`,
  );
  const compiled = compileFeatures(link.fitted, split, { rowId: ROW_ID_COLUMN });
  const asDouble = (name: string) => `CAST(f.${quoteIdent(name)} AS DOUBLE) AS ${quoteIdent(name)}`;
  await db.run(
    [
      `CREATE OR REPLACE TABLE ${quoteIdent(config.output)} AS`,
      `SELECT f.${quoteIdent(ROW_ID_COLUMN)}, s.${quoteIdent(SPLIT)}, ${asDouble(TARGET_COLUMN)},`,
      `  ${compiled.columns.map(asDouble).join(',\n  ')}`,
      `FROM (\n${compiled.sql}\n) AS f`,
      `JOIN ${quoteIdent(split)} AS s USING (${quoteIdent(ROW_ID_COLUMN)})`,
      `ORDER BY f.${quoteIdent(ROW_ID_COLUMN)}`,
    ].join('\n'),
  );
  await db.run(`DROP TABLE IF EXISTS ${quoteIdent(split)}`);
  const path = join(out, `${basename(config.output)}.parquet`);
  await db.run(
    `COPY ${quoteIdent(config.output)} TO ${quoteLiteral(path)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  const [counted] = await db.read(`SELECT count(*) AS n FROM ${quoteIdent(config.output)}`);
  io.stderr(
    `features ${config.output}: ${Number(counted?.['n'] ?? 0).toLocaleString('en-US')} rows × ${compiled.columns.length} features (fitted by run batch ${batch.id}) → ${path}\n`,
  );
  return path;
}

export async function runCommand(
  options: RunOptions,
  io: Io,
): Promise<{ features: string | null; tables: string[] }> {
  const data = resolve(options.data);
  if (!existsSync(data) || !statSync(data).isDirectory())
    throw new CliError(1, `--data ${options.data} is not a directory.`);
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const { doc, batches } = await readCase(options.workspace, options.caseRef);
  io.stderr(`Case: ${doc.title} (${doc.id}); reading ${data}, writing ${out}\n`);
  const db = await openNativeDb({
    allowed: [data, out],
    database: join(out, 'case.duckdb'),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  });
  try {
    const graph = buildGraph(doc.cells);
    const byId = new Map(doc.cells.map((c) => [c.id, c]));
    const tables: string[] = [];
    for (const id of graph.order) {
      const cell = byId.get(id);
      if (!cell || graph.problems.has(id)) continue;
      const step = await preparation(db, cell, data);
      if (step === null) continue;
      const started = performance.now();
      // The same statement "Export SQL" writes, with the source files' paths inside DIR.
      await db.run(pipelineScript({ caseTitle: doc.title, appVersion: 'cli', exportedAt: '' }, [step]));
      const [counted] = await db.read(`SELECT count(*) AS n FROM ${quoteIdent(step.table)}`);
      tables.push(step.table);
      io.stderr(
        `${step.kind === 'source' ? 'source' : step.label} → ${step.table}: ${Number(counted?.['n'] ?? 0).toLocaleString('en-US')} rows (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
      );
    }
    const batch = chooseBatch(batches, options.runId);
    if (batch === null) {
      io.stderr('No run of this case recorded fitted features: only the preparation ran.\n');
      return { features: null, tables };
    }
    return { features: await runFeatures(db, batch, out, io), tables };
  } finally {
    db.close();
  }
}
