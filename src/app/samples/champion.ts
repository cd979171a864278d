import { isOutputOf } from '../../cells/registry';
import { AppError } from '../../lib/errors';
import { asRunId } from '../../notebook/ids';
import type { CaseSession } from '../case-session.svelte';
import { findJustification } from '../models/promote';
import type { SampleChampion } from './types';

/**
 * Registers a new sample case's champion, v1: promotes the run its evaluate cell chose (running
 * it first if it has not run yet), and makes it champion. Done once, after the new case first
 * ran; its score cell then runs again with it.
 */
export async function registerSampleChampion(session: CaseSession, champion: SampleChampion): Promise<void> {
  const evaluate = session.doc.cells.find(
    (c) => c.kind === 'evaluate' && c.config.input === champion.predictions,
  );
  if (!evaluate)
    throw new AppError('internal', `The sample has no evaluate cell on ${champion.predictions}.`);
  if (session.runtime.status(evaluate.id).state !== 'done') await session.runtime.runCell(evaluate.id);
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
