import { AppError } from '../lib/errors';
import { briefOf } from './brief';
import { cellOutput } from './graph';
import type { CaseId, CellId } from './ids';
import { factsOf } from './kinds';
import { tableNameFor } from './names';
import type { SourceFile } from './source-types';
import {
  asCell,
  CASE_SCHEMA_VERSION,
  type Case,
  type Cell,
  type CellConfigs,
  type CellKind,
  type CellOf,
  type ReportSettings,
} from './types';

/*
 * Every edit of a case is a named pure function: it returns a new Case and never changes its
 * input, and sets `updatedAt` to `now` (ISO 8601, passed in so that tests are deterministic).
 * Asking for a cell that is not there is a bug in the caller: AppError('internal').
 */

const UNTITLED = 'Untitled case';

export function createCase(id: CaseId, title: string, now: string): Case {
  return {
    schemaVersion: CASE_SCHEMA_VERSION,
    id,
    title: cleanTitle(title),
    cells: [],
    createdAt: now,
    updatedAt: now,
  };
}

export function renameCase(c: Case, title: string, now: string): Case {
  return { ...c, title: cleanTitle(title), updatedAt: now };
}

/** Sets what the exported report holds (its summary, its cells and their order). */
export function setReportSettings(c: Case, report: ReportSettings, now: string): Case {
  return { ...c, report, updatedAt: now };
}

/** A copy under a new id, with fresh cell ids; configs are shared, as they are immutable. */
export function duplicateCase(c: Case, newId: CaseId, now: string, newCellId: () => CellId): Case {
  const renamed = new Map(c.cells.map((cell) => [cell.id, newCellId()]));
  const copy: Case = {
    ...c,
    id: newId,
    title: `Copy of ${c.title}`,
    cells: c.cells.map((cell) => ({ ...cell, id: renamed.get(cell.id) ?? cell.id })),
    createdAt: now,
    updatedAt: now,
  };
  const cells = c.report?.cells;
  if (!c.report || !cells) return copy;
  // The report's choice of cells follows them to their new ids.
  return { ...copy, report: { ...c.report, cells: cells.flatMap((id) => renamed.get(id) ?? []) } };
}

function cleanTitle(title: string): string {
  const trimmed = title.trim();
  return trimmed === '' ? UNTITLED : trimmed;
}

/** The config of a new cell of `kind`; `above`: the cells above where it is added. */
export function defaultConfig<K extends CellKind>(
  kind: K,
  taken: ReadonlySet<string>,
  above: readonly Cell[] = [],
): CellConfigs[K] {
  return factsOf(kind).defaults({
    taken,
    above: above.map((c) => ({ kind: c.kind, output: cellOutput(c) })),
    task: briefOf(above)?.task ?? null,
    timeColumn: briefOf(above)?.timeColumn ?? null,
    briefInput: briefOf(above)?.input ?? null,
  });
}

/**
 * A new cell of `kind`, reading what its config names. `above`: the cells above the new one (an
 * evaluate cell reads the last train cell's predictions).
 */
export function newCell<K extends CellKind>(
  kind: K,
  id: CellId,
  takenOutputs: ReadonlySet<string>,
  above: readonly Cell[] = [],
): CellOf<K> {
  const config = defaultConfig(kind, takenOutputs, above);
  const reads = factsOf(kind).reads(config);
  return { id, kind, config, reads: 'tables' in reads ? reads.tables : [] };
}

/**
 * A new cell of a kind known only at run time (the "add cell" buttons). `newCell` with a union
 * `K` gives a `CellOf<CellKind>`, which TypeScript does not see as a `Cell`: `asCell` does.
 */
export function blankCell(
  kind: CellKind,
  id: CellId,
  takenOutputs: ReadonlySet<string>,
  above: readonly Cell[] = [],
): Cell {
  return asCell(newCell(kind, id, takenOutputs, above));
}

/** The tables that the case's cells write. */
export function outputsOf(c: Case): Set<string> {
  const outputs = new Set<string>();
  for (const cell of c.cells) {
    const output = cellOutput(cell);
    if (output !== null) outputs.add(output);
  }
  return outputs;
}

export function findCell(c: Case, id: CellId): Cell | undefined {
  return c.cells.find((cell) => cell.id === id);
}

/** Inserts `cell` before position `index` (clamped to 0..length). Its id must be new to the case. */
export function addCell(c: Case, cell: Cell, index: number, now: string): Case {
  if (findCell(c, cell.id)) throw new AppError('internal', `Case ${c.id} already has a cell ${cell.id}`);
  const at = clamp(index, c.cells.length);
  return { ...c, cells: [...c.cells.slice(0, at), cell, ...c.cells.slice(at)], updatedAt: now };
}

/**
 * Adds a new cell `id` of `kind` with `config` just below cell `after` (at the end when `after` is
 * gone): one edit, so one undo step holds the cell and its config together. What it reads follows
 * `config`, as after any update.
 */
export function addCellBelow<K extends CellKind>(
  c: Case,
  after: CellId,
  id: CellId,
  kind: K,
  config: CellConfigs[K],
  now: string,
): Case {
  const found = c.cells.findIndex((cell) => cell.id === after);
  const index = found === -1 ? c.cells.length : found + 1;
  const added = addCell(c, blankCell(kind, id, outputsOf(c), c.cells.slice(0, index)), index, now);
  return updateConfig(added, id, kind, config, now);
}

/** Moves a cell so that it ends up at `toIndex` (clamped) in the new order. */
export function moveCell(c: Case, id: CellId, toIndex: number, now: string): Case {
  const moved = c.cells[indexOf(c, id)];
  if (!moved) return c; // unreachable: indexOf found it
  const rest = c.cells.filter((cell) => cell.id !== id);
  const at = clamp(toIndex, rest.length);
  return { ...c, cells: [...rest.slice(0, at), moved, ...rest.slice(at)], updatedAt: now };
}

export function deleteCell(c: Case, id: CellId, now: string): Case {
  indexOf(c, id);
  return { ...c, cells: c.cells.filter((cell) => cell.id !== id), updatedAt: now };
}

/**
 * Merges `patch` into the config of cell `id`, which must be of `kind`. Keys the config does not
 * have and `undefined` values are ignored, so that a patch cannot leave a field missing.
 */
export function updateConfig<K extends CellKind>(
  c: Case,
  id: CellId,
  kind: K,
  patch: Partial<CellConfigs[K]>,
  now: string,
): Case {
  return replaceCell(c, id, now, (cell) => asCell(withConfigReads(patchConfig(cell, kind, patch))));
}

/**
 * Cells that name the tables they read in their config have their `reads` follow it, so the graph
 * sees the change at once; the others (SQL) are given theirs by DuckDB's parser: `setReads`.
 */
function withConfigReads<K extends CellKind>(cell: CellOf<K>): CellOf<K> {
  const reads = factsOf(cell.kind).reads(cell.config);
  return 'tables' in reads ? { ...cell, reads: reads.tables } : cell;
}

/** The SQL in which DuckDB's parser finds the tables a cell reads; null when its config names them. */
export function parsedSql<K extends CellKind>(cell: CellOf<K>): string | null {
  const reads = factsOf(cell.kind).reads(cell.config);
  return 'sql' in reads ? reads.sql : null;
}

/**
 * Puts an imported file into cell `id`, offering it a table name made from the file's name and
 * unique in the case (`tableNameFor`); AppError('internal') when the cell's kind takes no file.
 */
export function attachFile(c: Case, id: CellId, file: SourceFile, now: string): Case {
  const table = tableNameFor(file.name, outputsOf(c));
  return replaceCell(c, id, now, (cell) => asCell(withFile(cell, file, table)));
}

function withFile<K extends CellKind>(cell: CellOf<K>, file: SourceFile, table: string): CellOf<K> {
  const attach = factsOf(cell.kind).withFile;
  if (attach === null) throw new AppError('internal', `A ${cell.kind} cell takes no file.`);
  return { ...cell, config: attach(cell.config, file, table) };
}

/** Records the tables a cell reads, without duplicates, in the order given. */
export function setReads(c: Case, id: CellId, reads: readonly string[], now: string): Case {
  return replaceCell(c, id, now, (cell) => ({ ...cell, reads: [...new Set(reads)] }));
}

function replaceCell(c: Case, id: CellId, now: string, change: (cell: Cell) => Cell): Case {
  const at = indexOf(c, id);
  return { ...c, cells: c.cells.map((cell, i) => (i === at ? change(cell) : cell)), updatedAt: now };
}

function indexOf(c: Case, id: CellId): number {
  const at = c.cells.findIndex((cell) => cell.id === id);
  if (at < 0) throw new AppError('internal', `No cell ${id} in case ${c.id}`);
  return at;
}

/**
 * The casts of this file. After `cell.kind === kind` the config is a `CellConfigs[K]`, but
 * TypeScript cannot correlate the two for a generic `K`, so it is told so, and the patched cell is
 * asserted back to a `Cell`. The loop keeps the config's shape: a patch may carry keys the config
 * does not have (a wider object passed as the patch) or `undefined` values.
 */
function patchConfig<K extends CellKind>(cell: Cell, kind: K, patch: Partial<CellConfigs[K]>): Cell {
  if (cell.kind !== kind) {
    throw new AppError('internal', `Cell ${cell.id} is a ${cell.kind} cell, not a ${kind} cell`);
  }
  const config: CellConfigs[K] = { ...(cell.config as CellConfigs[K]), ...patch };
  for (const key of Object.keys(config)) {
    if (!Object.hasOwn(cell.config, key)) Reflect.deleteProperty(config, key);
    else if (Reflect.get(config, key) === undefined) Reflect.set(config, key, Reflect.get(cell.config, key));
  }
  return { ...cell, config } as Cell;
}

/** An index in 0..max; fractions round down, NaN counts as the end. */
function clamp(index: number, max: number): number {
  if (Number.isNaN(index)) return max;
  return Math.min(max, Math.max(0, Math.trunc(index)));
}
