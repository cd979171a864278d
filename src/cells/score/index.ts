import type { CellUnit } from '../unit';
import { hasScores, scoreSection } from './report';
import type { ScoreOutput, ScoreProgress } from './result';
import { runScore } from './run';
import ScoreView from './ScoreView.svelte';
import { doneText } from './view';

export const score: CellUnit<'score', ScoreOutput, ScoreProgress> = {
  label: 'Score',
  description:
    'New rows scored by a model version (the champion by default), after checking them against its input schema',
  run: runScore,
  view: ScoreView,
  doneText,
  report: { has: hasScores, section: scoreSection, shownBatch: () => null },
  // Scoring runs the model, which SQL alone does not: the command line scores with the bundle.
  script: null,
  // Runs downstream record the SQL that made the features the scores came from.
  lineage: (output) => ({ fitted: null, sql: output.featureSql }),
  lineageView: null,
  learned: () => null,
  cache: null,
};
