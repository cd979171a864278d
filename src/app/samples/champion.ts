import { isOutputOf } from '../../cells/registry';
import { AppError } from '../../lib/errors';
import { asRunId } from '../../notebook/ids';
import type { CaseSession } from '../case-session.svelte';
import type { SampleChampion } from './types';

/** The run an evaluate cell chose (running it first if it has not run yet). */
async function chosenRun(session: CaseSession, predictions: string): Promise<string> {
  const evaluate = evaluateOf(session, predictions);
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

/** The evaluate cell that chooses the run of `predictions`, if the sample has one. */
function evaluateOf(session: CaseSession, predictions: string) {
  return session.doc.cells.find((c) => c.kind === 'evaluate' && c.config.input === predictions);
}

/**
 * Registers a new sample case's versions: v1, the run its evaluate cell chose, made champion; then
 * each challenger (v2, …) the same way, left a candidate. Each is registered as soon as the
 * evaluate cell that chooses it has finished (`check`, called after each cell the first run
 * settles), so the score and monitor cells further down find them on their first run; `finish`
 * registers what is left once the run is over (running an evaluate cell that has not run). Done
 * once: a case that already has versions gets none.
 */
export function sampleRegistrar(
  session: CaseSession,
  champion: SampleChampion,
  challengers: readonly SampleChampion[] = [],
): { check: () => void; finish: () => Promise<void> } {
  const specs = [champion, ...challengers];
  let next = 0;
  let failure: unknown = null;
  let chain: Promise<boolean> = session.registry
    .listCase(session.doc.id)
    .then((registry) => registry.versions.length === 0);
  const register = (spec: SampleChampion, first: boolean) => async (wanted: boolean) => {
    if (!wanted) return false;
    const words = { by: spec.by, why: spec.why };
    const version = await session.promote(asRunId(await chosenRun(session, spec.predictions)), words);
    if (first) await session.setStage(version.id, 'champion', words);
    return true;
  };
  const queue = (): void => {
    const spec = specs[next];
    if (spec === undefined) return;
    // A version that could not be registered stops the ones after it (v2 is not v1), said by `finish`.
    chain = chain.then(register(spec, next === 0)).catch((e: unknown) => {
      failure ??= e;
      return false;
    });
    next += 1;
  };
  return {
    check: () => {
      for (;;) {
        const spec = specs[next];
        const evaluate = spec && evaluateOf(session, spec.predictions);
        if (!evaluate || session.runtime.status(evaluate.id).state !== 'done') return;
        queue();
      }
    },
    finish: async () => {
      while (next < specs.length) queue();
      await chain;
      if (failure !== null) throw failure;
    },
  };
}
