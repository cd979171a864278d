import { isOutputOf } from '../../cells/registry';
import type { EvaluateResult } from '../../cells/evaluate/result';
import type { SqlEngine } from '../../data/engine';
import { bundleFromRun } from '../../data/score/bundle';
import { engineRows } from '../../data/score/rows';
import { AppError } from '../../lib/errors';
import { briefOf } from '../../notebook/brief';
import { decisionFromBrief, fittedFeatures } from '../../notebook/bundle/from-run';
import type { RunId } from '../../notebook/ids';
import type { ModelVersion } from '../../notebook/registry';
import type { Case } from '../../notebook/types';
import type { ModelRegistry, StageChange } from '../../storage/registry';
import type { RunStore } from '../../storage/runs';
import type { Runtime } from '../../runtime/runtime.svelte';
import { justificationOf, type Justification } from './evaluation';

/*
 * Promoting a stored run to the case's next model version: its bundle is written from the run
 * (the fitted features, the model, the input table profiled in the engine) with the threshold and
 * the evaluation of the evaluate cell that judged it in this tab, and registered as a candidate.
 */

export interface PromoteDeps {
  readonly doc: Case;
  readonly engine: SqlEngine;
  readonly runs: RunStore;
  readonly registry: ModelRegistry;
  readonly runtime: Runtime;
  readonly appVersion: string;
}

/** The evaluate cells' results in this tab, newest document position last. */
function evaluations(doc: Case, runtime: Runtime): EvaluateResult[] {
  return doc.cells.flatMap((cell) => {
    const status = runtime.status(cell.id);
    return status.state === 'done' && isOutputOf('evaluate', status.output) ? [status.output] : [];
  });
}

/** The evaluation of the run in this tab, if an evaluate cell judged it. */
export function findJustification(doc: Case, runtime: Runtime, runId: string): Justification | null {
  for (const result of evaluations(doc, runtime).reverse()) {
    const found = justificationOf(result, runId);
    if (found) return found;
  }
  return null;
}

export async function promoteRun(
  deps: PromoteDeps,
  runId: RunId,
  change: Omit<StageChange, 'evaluation'>,
): Promise<ModelVersion> {
  const { doc } = deps;
  const stored = await deps.runs.listCase(doc.id);
  const run = stored.runs.find((r) => r.id === runId);
  const batch = run && stored.batches.find((b) => b.id === run.batchId);
  if (!run || !batch) throw new AppError('storage', `Run ${runId} is not stored in this case any more.`);
  const model = (await deps.runs.getArtifact(runId))?.model ?? null;
  if (model === null) {
    throw new AppError(
      'bad-input',
      `"${run.label}" has no fitted model (a rule, or a run that failed): promote a model run.`,
    );
  }
  const brief = briefOf(doc.cells);
  if (!brief)
    throw new AppError(
      'missing-input',
      'This case has no brief: a model version records its decision from it. Add a Brief cell.',
    );
  const justification = findJustification(doc, deps.runtime, runId);
  const version = await deps.registry.nextVersion(doc.id);
  const { bundle, text } = await bundleFromRun(
    engineRows(deps.engine),
    {
      caseId: doc.id,
      caseTitle: doc.title,
      batch,
      run,
      model,
      version,
      decision: decisionFromBrief(
        brief,
        justification?.threshold ?? null,
        brief.task === 'multiclass' ? (fittedFeatures(batch).spec.classes ?? []) : [],
      ),
      evaluation: justification?.evaluation ?? null,
    },
    { createdAt: new Date().toISOString(), appVersion: deps.appVersion },
  );
  return deps.registry.register({
    ...change,
    evaluation: justification?.evaluation ?? null,
    caseId: doc.id,
    bundle,
    text,
    source: 'promoted',
    runId,
  });
}
