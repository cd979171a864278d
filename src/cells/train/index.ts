import { runMetricLabel } from '../../notebook/metrics';
import type { CellUnit } from '../unit';
import { metricText } from './form';
import { modelsSection } from './report';
import type { TrainCellProgress, TrainOutput } from './result';
import { runTrain } from './run';
import TrainView from './TrainView.svelte';

/** "3 runs, 1 failed, best ROC AUC 0.842"; large values as the tables show them: "best RMSE 21,219". */
function doneText(output: TrainOutput): string {
  const failed = output.runs.filter((r) => r.status !== 'done').length;
  const value = output.runs.find((r) => r.id === output.best)?.metrics[output.metric];
  return [
    `${output.runs.length} ${output.runs.length === 1 ? 'run' : 'runs'}`,
    ...(failed > 0 ? [`${failed} failed`] : []),
    ...(value === null || value === undefined
      ? []
      : [`best ${runMetricLabel(output.metric)} ${metricText(value)}`]),
  ].join(', ');
}

export const train: CellUnit<'train', TrainOutput, TrainCellProgress> = {
  label: 'Train',
  description: 'Models trained in a worker on a features table, compared with the baseline',
  run: runTrain,
  view: TrainView,
  doneText,
  report: {
    // Models come from the stored runs, not from this tab.
    has: (cell, { batches }) => batches.has(cell.id),
    section: (cell, { batches, heading }) => {
      const bundle = batches.get(cell.id);
      return bundle ? modelsSection(heading, bundle) : null;
    },
    shownBatch: (output) => (output.storage.state === 'not-saved' ? null : output.storage.batchId),
  },
  script: null,
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: null,
};
