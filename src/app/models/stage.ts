import { AppError } from '../../lib/errors';
import type { CaseId } from '../../notebook/ids';
import type { ModelStage, StageEvent } from '../../notebook/registry';
import type { ModelRegistry } from '../../storage/registry';
import type { ModelWords } from '../../cells/types';

/*
 * Moving a model version to a stage, as the Models view and the cells (evaluate, monitor) do it:
 * one path, so that every change records the same things.
 */

/**
 * Moves a version to `stage`. The evaluation that justified the version (the latest its history
 * records) goes with each stage it enters.
 */
export async function changeStage(
  registry: Pick<ModelRegistry, 'listCase' | 'setStage'>,
  caseId: CaseId,
  versionId: string,
  stage: ModelStage,
  words: ModelWords,
): Promise<StageEvent> {
  const { history } = await registry.listCase(caseId);
  const evaluation =
    [...history].reverse().find((e) => e.versionId === versionId && e.evaluation)?.evaluation ?? null;
  return registry.setStage(versionId, stage, { ...words, evaluation });
}

/** The id of the case's version numbered `version`; refused when the case has none. */
export async function versionIdOf(
  registry: Pick<ModelRegistry, 'listCase'>,
  caseId: CaseId,
  version: number,
): Promise<string> {
  const { versions } = await registry.listCase(caseId);
  const found = versions.find((x) => x.version.version === version);
  if (!found)
    throw new AppError(
      'missing-input',
      `This case has no model version v${version} (it has ${versions.map((x) => `v${x.version.version}`).join(', ') || 'none'}).`,
    );
  return found.version.id;
}
