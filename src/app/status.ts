import type { CellStatus } from '../cells/types';
import { assertNever } from '../lib/errors';
import type { CellKind } from '../notebook/types';

export type StatusLabelState = 'idle' | 'queued' | 'running' | 'done' | 'stale' | 'error';

/** The badge a cell shows: a done cell whose inputs changed reads "stale". */
export function statusLabel(
  kind: CellKind,
  status: CellStatus,
  stale: boolean,
): { state: StatusLabelState; text: string } {
  if (kind === 'markdown') return { state: 'idle', text: 'note' };
  switch (status.state) {
    case 'queued':
      return { state: 'queued', text: 'queued' };
    case 'running':
      return { state: 'running', text: 'running' };
    case 'error':
      return { state: 'error', text: status.error.code === 'cancelled' ? 'cancelled' : 'error' };
    case 'done':
      if (stale) return { state: 'stale', text: 'stale' };
      return {
        state: 'done',
        text:
          status.output.kind === 'table' ? `${status.output.rowCount.toLocaleString('en-US')} rows` : 'done',
      };
    case 'idle':
      return stale ? { state: 'stale', text: 'stale' } : { state: 'idle', text: 'not run' };
    default:
      return assertNever(status);
  }
}
