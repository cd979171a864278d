import { describeProblem } from '../../notebook/bundle/check';
import type { CellOf } from '../../notebook/types';
import type { PreparationSection } from '../../report';
import type { ReportContext } from '../unit';
import type { ScoreOutput } from './result';
import { scoreSummary } from './view';

/*
 * A score cell's section: what scored which rows, the input check's findings one per line, and
 * the feature SQL the scores were made with. Only from a run in this tab: scores are not stored.
 */

export function hasScores(_cell: CellOf<'score'>, ctx: ReportContext<ScoreOutput>): boolean {
  return ctx.output !== null;
}

export function scoreSection(
  cell: CellOf<'score'>,
  ctx: ReportContext<ScoreOutput>,
): PreparationSection | null {
  const output = ctx.output;
  if (output === null) return null;
  return {
    kind: 'preparation',
    heading: ctx.heading,
    output: cell.config.output,
    steps: [
      { text: scoreSummary(output), enabled: true, detail: null },
      ...output.report.problems.map((p) => ({
        text: describeProblem(p),
        enabled: true,
        detail: `${p.action}: ${p.kind.replace('-', ' ')}`,
      })),
    ],
    sql: output.featureSql,
    rows: output.rows,
  };
}
