import { assertNever } from '../../lib/errors';
import type { CellUnit } from '../unit';
import BriefView from './BriefView.svelte';
import { briefSection } from './report';
import { runBrief, type BriefOutput } from './run';

export const brief: CellUnit<'brief', BriefOutput> = {
  label: 'Brief',
  description: 'The business question: target, metric, the bar to beat, the value of each outcome',
  run: runBrief,
  view: BriefView,
  doneText: ({ summary }) => {
    switch (summary.task) {
      case 'binary':
        return `${(summary.positiveRate * 100).toFixed(1)}% positive`;
      case 'multiclass':
        return `${summary.classes.length} classes`;
      case 'regression':
        return `mean ${summary.mean.toLocaleString('en-US', { maximumSignificantDigits: 4 })}`;
      default:
        return assertNever(summary);
    }
  },
  report: {
    has: () => true,
    section: briefSection,
    shownBatch: () => null,
  },
  script: null,
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: null,
};
