import { isOutputOf } from '../../cells/registry';
import { AppError } from '../../lib/errors';
import { asRunId } from '../../notebook/ids';
import type { CaseSession } from '../case-session.svelte';
import type { SampleChampion } from './types';

/** The run an evaluate cell chose (running it first if it has not run yet). */
async function chosenRun(session: CaseSession, predictions: string): Promise<string> {
  const evaluate = session.doc.cells.find((c) => c.kind === 'evaluate' && c.config.input === predictions);
  if (!evaluate) throw new AppError('internal', `The sample has no evaluate cell on ${predictions}.`);
  if (session.runtime.status(evaluate.id).state !== 'done') await session.runtime.runCell(evaluate.id);
  const status = session.runtime.status(evaluate.id);
  const chosen =
    status.state === 'done' && isOutputOf('evaluate', status.output) ? status.output.verdict : null;
  if (!chosen) {
    throw new AppError(
      'missing-input',
      'The sample’s model was not registered: its evaluation did not finish. Promote a run in Models.',
    );
  }
  return chosen.id;
}

/**
 * Registers a new sample case's champion, v1: promotes the run its evaluate cell chose, and makes
 * it champion; then each challenger (v2, …) the same way, left a candidate. Done once, after the
 * new case first ran; its score and monitor cells then run again with them.
 */
export async function registerSampleChampion(
  session: CaseSession,
  champion: SampleChampion,
  challengers: readonly SampleChampion[] = [],
): Promise<void> {
  const runs: { spec: SampleChampion; runId: string }[] = [];
  for (const spec of [champion, ...challengers])
    runs.push({ spec, runId: await chosenRun(session, spec.predictions) });
  if ((await session.registry.listCase(session.doc.id)).versions.length > 0) return;
  for (const [i, { spec, runId }] of runs.entries()) {
    const words = { by: spec.by, why: spec.why };
    const version = await session.promote(asRunId(runId), words);
    if (i > 0) continue;
    await session.setStage(version.id, 'champion', words);
  }
}
