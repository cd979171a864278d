import { unitOf, type OutputOf, type ProgressOf } from '../cells/registry';
import type { CellStatus } from '../cells/types';
import { assertNever } from '../lib/errors';
import { cellRuns } from '../notebook/cell';
import type { CellKind, CellOf } from '../notebook/types';

export type StatusLabelState = 'idle' | 'queued' | 'running' | 'done' | 'stale' | 'error';

/**
 * The badge a cell shows: a done cell whose inputs changed reads "stale"; a note reads "note"; a
 * queued cell whose input is still being built names it (`waitingFor`, `Runtime.waitingFor`).
 */
export function statusLabel<K extends CellKind>(
  cell: CellOf<K>,
  status: CellStatus<OutputOf<K>, ProgressOf<K>>,
  stale: boolean,
  waitingFor: string | null = null,
): { state: StatusLabelState; text: string } {
  if (!cellRuns(cell)) return { state: 'idle', text: 'note' };
  switch (status.state) {
    case 'queued':
      return { state: 'queued', text: waitingFor === null ? 'queued' : `waiting for ${waitingFor}` };
    case 'running':
      return { state: 'running', text: 'running' };
    case 'error':
      return { state: 'error', text: status.error.code === 'cancelled' ? 'cancelled' : 'error' };
    case 'done':
      if (stale) return { state: 'stale', text: 'stale' };
      return { state: 'done', text: unitOf(cell.kind).doneText(status.output) };
    case 'idle':
      return stale ? { state: 'stale', text: 'stale' } : { state: 'idle', text: 'not run' };
    default:
      return assertNever(status);
  }
}
