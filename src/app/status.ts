import type { CellOutput, CellStatus } from '../cells/types';
import { assertNever } from '../lib/errors';
import type { CellKind } from '../notebook/types';
import { METRIC_LABELS } from '../notebook/metrics';

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
      return { state: 'done', text: doneText(status.output) };
    case 'idle':
      return stale ? { state: 'stale', text: 'stale' } : { state: 'idle', text: 'not run' };
    default:
      return assertNever(status);
  }
}

const rows = (n: number): string => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;

function doneText(output: CellOutput): string {
  switch (output.kind) {
    case 'none':
      return 'done';
    case 'table':
      return rows(output.rowCount);
    case 'clean':
      return rows(output.result.rowCount);
    case 'chart':
      return output.data.meta.binned
        ? `${output.data.meta.rowsDrawn.toLocaleString('en-US')} rows, binned`
        : rows(output.data.meta.rowsDrawn);
    case 'brief':
      return output.summary.task === 'binary'
        ? `${(output.summary.positiveRate * 100).toFixed(1)}% positive`
        : `mean ${output.summary.mean.toLocaleString('en-US', { maximumSignificantDigits: 4 })}`;
    case 'features':
      return `${output.featureNames.length} features, ${rows(output.result.rowCount)}`;
    case 'train': {
      const failed = output.runs.filter((r) => r.status !== 'done').length;
      const best = output.runs.find((r) => r.id === output.best);
      const value = best?.metrics[output.metric];
      return [
        `${output.runs.length} ${output.runs.length === 1 ? 'run' : 'runs'}`,
        ...(failed > 0 ? [`${failed} failed`] : []),
        ...(value === null || value === undefined
          ? []
          : [`best ${METRIC_LABELS[output.metric]} ${value.toFixed(3)}`]),
      ].join(', ');
    }
    case 'evaluate': {
      const v = output.verdict;
      const value = v?.estimate.value;
      return [
        `${output.runs.length} ${output.runs.length === 1 ? 'run' : 'runs'}`,
        ...(v && value !== null && value !== undefined
          ? [`${METRIC_LABELS[v.metric]} ${value.toFixed(3)}`]
          : []),
        ...(v?.clearsBar === true ? ['clears the bar'] : v?.clearsBar === false ? ['below the bar'] : []),
      ].join(', ');
    }
    case 'profile':
      return `${output.profile.issues.length} ${output.profile.issues.length === 1 ? 'problem' : 'problems'}`;
    default:
      return assertNever(output);
  }
}
