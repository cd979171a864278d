import type { CellHost } from '../cells/types';
import { readRows } from '../data/catalog';
import type { CellKind, CellOf } from '../notebook/types';
import type { CaseSession } from './case-session.svelte';

/** The face of the session and runtime that a cell's view sees. Getters keep it reactive. */
export function makeHost<K extends CellKind>(session: CaseSession, cell: CellOf<K>): CellHost<K> {
  const id = cell.id;
  return {
    cell,
    get status() {
      return session.runtime.status(id);
    },
    get brief() {
      return session.brief;
    },
    get stale() {
      return session.runtime.stale.has(id);
    },
    get schema() {
      return session.runtime.schema;
    },
    update: (patch) => session.update(id, cell.kind, patch),
    run: () => void session.runtime.runCell(id),
    resume: () => void session.runtime.resume(id),
    cancel: () => session.runtime.cancel(id),
    importFile: (file) => void session.importFile(id, file),
    readRows: (table, offset, limit) => readRows(session.engine, table, offset, limit),
    engine: session.engine,
    addCellBelow: (kind, config) => session.addCellBelow(id, kind, config),
    addCleanSteps: (table, recipes) => session.addCleanSteps(id, table, recipes),
  };
}
