import { assertNever } from '../../lib/errors';
import { grouped } from '../shared/text';

/** "1 row", "1,204 rows". */
const countText = (n: number, noun: string): string => `${grouped(n)} ${n === 1 ? noun : `${noun}s`}`;
import type { ScoreOutput, ScoreProgress } from './result';

/*
 * The score cell's words, pure: its progress, its summary and its status badge.
 */

export function progressText(p: ScoreProgress): string {
  switch (p.stage) {
    case 'checking':
      return 'Checking the rows against the model’s input schema…';
    case 'preparing':
      return `Making the features of ${countText(p.total, 'row')}…`;
    case 'scoring':
      return `Scored ${p.rows.toLocaleString('en-US')} of ${countText(p.total, 'row')}…`;
    case 'writing':
      return 'Writing the predictions table…';
    default:
      return assertNever(p.stage);
  }
}

/** "Scored 300 rows with v1 (champion, boosted trees): 42 to act on at threshold 0.31; 1 note from the input check." */
export function scoreSummary(o: ScoreOutput): string {
  const model = `v${o.model.version} (${o.model.stage}, ${o.model.kind}, SHA-256 ${o.model.sha256.slice(0, 12)}…)`;
  const decided =
    o.model.classes !== null && o.decided != null
      ? `: decided ${o.model.classes.map((c, i) => `${c} ${grouped(o.decided?.[i] ?? 0)}`).join(', ')} (${o.model.rule === 'min-expected-cost' ? 'least expected cost under the brief’s cost matrix' : 'the most probable class'})`
      : o.acted === null
        ? ''
        : o.model.threshold === null
          ? ': no threshold chosen, so no one is acted on'
          : `: ${countText(o.acted, 'row')} to act on at threshold ${o.model.threshold.toPrecision(3)}`;
  const notes = o.report.problems.length;
  const flagged = flaggedCount(o);
  const check =
    notes === 0
      ? 'the input check found nothing'
      : flagged === 0
        ? `the input check found ${countText(notes, 'column')} the model does not use, ignored`
        : `the input check flagged ${countText(flagged, 'problem')}`;
  return `Scored ${countText(o.rows, 'row')} into ${o.table.table} with ${model}${decided}; ${check}.`;
}

/** Problems the rows were scored with (flagged, encoded as "other", cast), not the columns ignored. */
function flaggedCount(o: ScoreOutput): number {
  return o.report.problems.filter((p) => p.action !== 'ignore').length;
}

/** The status badge: "300 rows, v1, 1 flagged". */
export function doneText(o: ScoreOutput): string {
  const flagged = flaggedCount(o);
  return [
    countText(o.rows, 'row'),
    `v${o.model.version}`,
    ...(flagged > 0 ? [`${flagged} flagged`] : []),
  ].join(', ');
}
