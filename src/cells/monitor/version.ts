import { AppError, errorMessage, fail } from '../../lib/errors';
import type { ModelBundle } from '../../notebook/bundle/types';
import type { VersionState } from '../../notebook/registry';
import { chooseVersion, isProblem } from '../shared/versions';
import type { ModelsPort, RunContext } from '../types';
import type { MonitorProgress, WatchedVersion } from './result';
import { retrainSourceOf, type RetrainSource } from './retrain';

/* The version a monitor watches or compares: chosen as the score cell chooses, with its bundle. */

export async function bundleOf(models: ModelsPort, chosen: VersionState): Promise<ModelBundle> {
  try {
    return await models.bundle(chosen.version.id);
  } catch (e: unknown) {
    throw new AppError(
      'missing-input',
      `The bundle of model v${chosen.version.version} cannot be read: ${errorMessage(e)} Pick another version, or import its bundle file again in Models.`,
      { cause: e },
    );
  }
}

export function watched(chosen: VersionState, bundle: ModelBundle): WatchedVersion {
  return {
    version: chosen.version.version,
    stage: chosen.stage,
    name: bundle.model.name,
    sha256: bundle.sha256,
    task: bundle.decision.task,
    threshold: bundle.decision.threshold,
    classes: bundle.model.classes ?? null,
    trainedOn: bundle.input.table,
  };
}

export async function chosenVersion(ctx: RunContext<MonitorProgress>, wanted: number | null) {
  const chosen = chooseVersion(await ctx.models.versions(), wanted);
  if (isProblem(chosen)) return fail(chosen);
  return { chosen, bundle: await bundleOf(ctx.models, chosen) };
}

/** What "Retrain on recent data" repeats: the specs of the run the version was promoted from. */
export async function retrainSource(
  ctx: RunContext<MonitorProgress>,
  chosen: VersionState,
): Promise<RetrainSource | string> {
  const { runId, version } = chosen.version;
  if (runId === null)
    return `v${version} was imported from a bundle file: its run is not in this workspace, so retrain by hand (Features and Train cells).`;
  const found = await ctx.runs.findRun(runId);
  if (found === null)
    return `The run v${version} was promoted from is not stored any more: retrain by hand (Features and Train cells).`;
  return retrainSourceOf(found.batch, found.run.spec);
}
