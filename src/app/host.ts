import { unitOf, type OutputOf, type ProgressOf } from '../cells/registry';
import type { CellHost } from '../cells/types';
import type { CellUnit } from '../cells/unit';
import { readRows } from '../data/catalog';
import type { CellKind, CellOf } from '../notebook/types';
import type { CaseSession } from './case-session.svelte';

/** The face of the session and runtime that a cell's view sees. Getters keep it reactive. */
export function makeHost<K extends CellKind>(
  session: CaseSession,
  cell: CellOf<K>,
): CellHost<K, OutputOf<K>, ProgressOf<K>> {
  const id = cell.id;
  return {
    cell,
    get status() {
      return session.runtime.statusOf(cell);
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
    get importing() {
      return session.importing.get(id);
    },
    update: (patch) => session.update(id, cell.kind, patch),
    run: () => void session.runtime.runCell(id),
    resume: () => void session.runtime.resumeTraining(id),
    cancel: () => session.runtime.cancel(id),
    importFile: (file) => void session.importFile(id, file),
    readRows: (table, offset, limit) => readRows(session.engine, table, offset, limit),
    engine: session.engine,
    addCellBelow: (kind, config) => session.addCellBelow(id, kind, config),
    addCleanSteps: (table, recipes) => session.addCleanSteps(id, table, recipes),
    models: {
      versions: async () => (await session.registry.listCase(session.doc.id)).versions,
      get known() {
        return session.runtime.versions;
      },
      promote: (runId, words) => session.promote(runId, words),
      setStage: (version, stage, words) => session.setVersionStage(version, stage, words),
    },
    measureBackends: () => session.measureBackends(),
  };
}

/** A cell's view, and the host it is given: the frame renders the kind's own component. */
export function cellView<K extends CellKind>(
  session: CaseSession,
  cell: CellOf<K>,
): {
  readonly View: CellUnit<K, OutputOf<K>, ProgressOf<K>>['view'];
  readonly host: CellHost<K, OutputOf<K>, ProgressOf<K>>;
} {
  return { View: unitOf(cell.kind).view, host: makeHost(session, cell) };
}
