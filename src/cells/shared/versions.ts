import type { Problem } from '../../lib/errors';
import type { VersionState } from '../../notebook/registry';
import type { NumberRule } from '../../ui/number-field';

/*
 * Which model version a score or monitor cell uses, pure: the one it names, else the case's champion. Each
 * way it can be missing is told with what to do about it.
 */

/** The version to score with, or the problem that keeps the cell from scoring. */
export function chooseVersion(
  versions: readonly VersionState[],
  wanted: number | null,
): VersionState | Problem {
  if (wanted !== null) {
    const found = versions.find((x) => x.version.version === wanted);
    if (found) return found;
    return {
      code: 'missing-input',
      message:
        versions.length === 0
          ? `This case has no model version v${wanted}: it has none yet. Promote a run in Models (or Runs), or import a bundle.`
          : `This case has no model version v${wanted} (it has ${versions.map((x) => `v${x.version.version}`).join(', ')}). Pick one of those in the cell.`,
    };
  }
  const champion = versions.find((x) => x.stage === 'champion');
  if (champion) return champion;
  return {
    code: 'missing-input',
    message:
      versions.length === 0
        ? 'This case has no champion model and no version to pick: promote a run to a version in Models (or Runs), make it champion, or pick a version here.'
        : `This case has no champion model. Make one of its versions (${versions.map((x) => `v${x.version.version}`).join(', ')}) champion in Models, or pick a version in the cell.`,
  };
}

export function isProblem(x: VersionState | Problem): x is Problem {
  return 'code' in x;
}

/** What a version number typed in a cell must be ("3"); the field may also be left empty, for none. */
export const VERSION_RULE: NumberRule = { whole: true, min: 1 };
