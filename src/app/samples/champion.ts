import { isOutputOf } from '../../cells/registry';
import { AppError } from '../../lib/errors';
import { asRunId } from '../../notebook/ids';
import type { CaseSession } from '../case-session.svelte';
import { findJustification } from '../models/promote';
import type { SampleChampion } from './types';

/**
 * Registers a new sample case's champion, v1: runs the case up to its evaluate cell (training
 * the models as opening any case does), promotes the run the evaluation chose, and makes it
 * champion. Done once, when the new case is first opened; the cells below then run with it.
 */
export async function registerSampleChampion(session: CaseSession, champion: SampleChampion): Promise<void> {
  const evaluate = session.doc.cells.find(
    (c) => c.kind === 'evaluate' && c.config.input === champion.predictions,
  );
  if (!evaluate)
    throw new AppError('internal', `The sample has no evaluate cell on ${champion.predictions}.`);
  await session.runtime.runCell(evaluate.id);
  const status = session.runtime.status(evaluate.id);
  const chosen =
    status.state === 'done' && isOutputOf('evaluate', status.output) ? status.output.verdict : null;
  if (!chosen) {
    throw new AppError(
      'missing-input',
      'The sample’s champion was not registered: its evaluation did not finish. Promote a run in Models.',
    );
  }
  if ((await session.registry.listCase(session.doc.id)).versions.length > 0) return;
  const words = { by: champion.by, why: champion.why };
  const version = await session.promote(asRunId(chosen.id), words);
  const evaluation = findJustification(session.doc, session.runtime, chosen.id)?.evaluation ?? null;
  await session.registry.setStage(version.id, 'champion', { ...words, evaluation });
}
