import { AppError, assertNever } from '../lib/errors';
import type { CaseId, CellId } from './ids';
import {
  CASE_SCHEMA_VERSION,
  type Case,
  type Cell,
  type CellConfigs,
  type CellKind,
  type CellOf,
} from './types';

/*
 * Every edit of a case is a named pure function: it returns a new Case and never changes its
 * input. `now` (ISO 8601) is passed in so that tests are deterministic.
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

export function duplicateCase(c: Case, newId: CaseId, now: string, newCellId: () => CellId): Case {
  return {
    ...c,
    id: newId,
    title: `Copy of ${c.title}`,
    cells: c.cells.map((cell) => ({ ...cell, id: newCellId() })),
    createdAt: now,
    updatedAt: now,
  };
}

function cleanTitle(title: string): string {
  return title.trim() === '' ? UNTITLED : title.trim();
}

/** A name `prefix_n` that no relation in `taken` has (compared case-insensitively, as DuckDB does). */
export function uniqueName(prefix: string, taken: ReadonlySet<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  for (let n = 1; ; n++) {
    const name = `${prefix}_${n}`;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

export function defaultConfig<K extends CellKind>(
  kind: K,
  takenOutputs: ReadonlySet<string>,
): CellConfigs[K] {
  const configs: { [P in CellKind]: () => CellConfigs[P] } = {
    markdown: () => ({ text: '' }),
    source: () => ({
      output: uniqueName('source', takenOutputs),
      file: null,
      note: '',
      csv: { delimiter: 'auto', header: true, skipBadRows: false },
    }),
    sql: () => ({ sql: 'SELECT 1', output: uniqueName('table', takenOutputs), materialize: 'table' }),
  };
  return configs[kind]();
}

export function newCell<K extends CellKind>(
  kind: K,
  id: CellId,
  takenOutputs: ReadonlySet<string>,
): CellOf<K> {
  return { id, kind, config: defaultConfig(kind, takenOutputs), reads: [] };
}

/** A new cell of a kind chosen at run time (the "add cell" buttons). */
export function blankCell(kind: CellKind, id: CellId, takenOutputs: ReadonlySet<string>): Cell {
  switch (kind) {
    case 'markdown':
      return newCell('markdown', id, takenOutputs);
    case 'source':
      return newCell('source', id, takenOutputs);
    case 'sql':
      return newCell('sql', id, takenOutputs);
    default:
      return assertNever(kind);
  }
}

export function outputsOf(c: Case): Set<string> {
  const outputs = new Set<string>();
  for (const cell of c.cells) if (cell.kind !== 'markdown') outputs.add(cell.config.output);
  return outputs;
}

export function findCell(c: Case, id: CellId): Cell | undefined {
  return c.cells.find((cell) => cell.id === id);
}

export function addCell(c: Case, cell: Cell, index: number, now: string): Case {
  const at = clamp(index, 0, c.cells.length);
  return { ...c, cells: [...c.cells.slice(0, at), cell, ...c.cells.slice(at)], updatedAt: now };
}

export function moveCell(c: Case, id: CellId, toIndex: number, now: string): Case {
  const from = indexOf(c, id);
  const cells = c.cells.filter((cell) => cell.id !== id);
  const moved = c.cells[from];
  if (!moved) return c;
  const at = clamp(toIndex, 0, cells.length);
  return { ...c, cells: [...cells.slice(0, at), moved, ...cells.slice(at)], updatedAt: now };
}

export function deleteCell(c: Case, id: CellId, now: string): Case {
  indexOf(c, id);
  return { ...c, cells: c.cells.filter((cell) => cell.id !== id), updatedAt: now };
}

export function updateConfig<K extends CellKind>(
  c: Case,
  id: CellId,
  kind: K,
  patch: Partial<CellConfigs[K]>,
  now: string,
): Case {
  return replaceCell(c, id, now, (cell) => patchConfig(cell, kind, patch));
}

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
 * Merges a patch into a cell's config after checking the kind. TypeScript cannot correlate
 * `cell.kind === kind` with `cell.config: CellConfigs[K]`; this is the one place that says so.
 */
function patchConfig<K extends CellKind>(cell: Cell, kind: K, patch: Partial<CellConfigs[K]>): Cell {
  if (cell.kind !== kind) {
    throw new AppError('internal', `Cell ${cell.id} is a ${cell.kind} cell, not a ${kind} cell`);
  }
  const config: CellConfigs[K] = { ...(cell.config as CellConfigs[K]), ...patch };
  return { ...cell, config } as Cell;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
