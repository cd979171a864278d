import type { ModelStage, VersionState } from '../../notebook/registry';
import { formatNumber } from './format';
import type { VersionComparisonOutput, WatchedVersion } from './result';

/*
 * After v2 was compared with v1: promote v2 to champion, or keep v1 (v2 is retired), pure. The
 * reason recorded in the registry is the person's, with the comparison that informed it, so the
 * history says on what evidence the choice was made.
 */

export type VersionChoice = 'promote' | 'keep';

/** The stage change a choice makes: which version, to which stage, and the reason recorded. */
export function choiceChange(
  output: { readonly model: Pick<WatchedVersion, 'version'> },
  comparison: Pick<VersionComparisonOutput, 'batch' | 'result'> & {
    readonly challenger: Pick<WatchedVersion, 'version'>;
  },
  choice: VersionChoice,
  why: string,
): { readonly version: number; readonly stage: ModelStage; readonly why: string } {
  const v1 = `v${output.model.version}`;
  const v2 = `v${comparison.challenger.version}`;
  const r = comparison.result;
  const difference =
    r.difference === null
      ? ''
      : ` ${v2} − ${v1} ${r.difference >= 0 ? '+' : ''}${formatNumber(r.difference)}` +
        (r.lower === null || r.upper === null
          ? ''
          : ` (paired bootstrap interval ${formatNumber(r.lower)} to ${formatNumber(r.upper)})`) +
        '.';
  const evidence = `Compared on batch ${comparison.batch}, ${r.rows.toLocaleString('en-US')} rows neither trained on:${difference} ${r.finding}`;
  const said = why.trim() === '' ? '' : `${why.trim()} `;
  return choice === 'promote'
    ? { version: comparison.challenger.version, stage: 'champion', why: `${said}${evidence}` }
    : {
        version: comparison.challenger.version,
        stage: 'retired',
        why: `Kept ${v1} as champion over ${v2}. ${said}${evidence}`,
      };
}

/** Candidate versions newer than the watched one: what a monitor may compare it with. */
export function candidatesAfter(versions: readonly VersionState[], watched: number): number[] {
  return versions
    .filter((x) => x.stage === 'candidate' && x.version.version > watched)
    .map((x) => x.version.version);
}

/** The stage a version number has now; null when the case has no such version. */
export function stageOf(versions: readonly VersionState[], version: number): ModelStage | null {
  return versions.find((x) => x.version.version === version)?.stage ?? null;
}
