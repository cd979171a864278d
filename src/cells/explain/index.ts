import type { CellUnit } from '../unit';
import ExplainView from './ExplainView.svelte';
import { explanationSection, hasExplanation } from './report';
import type { ExplainOutput, ExplainProgress } from './result';
import { runExplain } from './run';

/** "Top: Contract; 2 rows explained (stored)". */
function doneText(output: ExplainOutput): string {
  const top = (output.importance.groups ?? output.importance.features)[0]?.name;
  return [
    ...(top === undefined ? [] : [`top feature ${top}`]),
    `${output.locals.length} ${output.locals.length === 1 ? 'row' : 'rows'} explained`,
    ...(output.computed === 0 ? ['from storage'] : []),
  ].join(', ');
}

export const explain: CellUnit<'explain', ExplainOutput, ExplainProgress> = {
  label: 'Explain',
  description: 'Why a stored model decides: importance, partial dependence, LIME for a row, what-if',
  run: runExplain,
  view: ExplainView,
  doneText,
  report: { has: hasExplanation, section: explanationSection, shownBatch: () => null },
  script: null,
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: null,
};
