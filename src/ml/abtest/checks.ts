/**
 * The checks around an A/B analysis: arms well formed, a binary outcome, sample-ratio mismatch,
 * peeking, too few conversions, and Holm's correction for several arms against one control.
 */
import { MlError } from '../metrics/errors';
import { chiSquareSf } from '../stats/distributions';
import type { ArmSummary } from './types';

export type AbWarningCode =
  'sample-ratio-mismatch' | 'peeking' | 'few-conversions' | 'multiple-arms' | 'zero-baseline';

export interface AbWarning {
  readonly code: AbWarningCode;
  readonly message: string;
}

/** The normal approximation wants np ≥ 10 and n(1 − p) ≥ 10 in every arm. */
export const MIN_EVENTS_PER_ARM = 10;
/** A sample-ratio mismatch is flagged at p < 0.001, the usual threshold (Kohavi et al. 2020, §21). */
export const SRM_P_THRESHOLD = 0.001;

/** Throws unless there are ≥ 2 arms with distinct names, whole counts, and the control among them. */
export function checkArms(arms: readonly ArmSummary[], control: string): void {
  if (arms.length === 0) throw new MlError('empty', 'The results table has no arms.');
  if (arms.length === 1) {
    throw new MlError(
      'too-few-rows',
      `The results table has one arm only (${arms[0]?.name}): an A/B test compares a control with at least ` +
        'one treatment. Check the arm column and the filter on the table.',
    );
  }
  const names = new Set<string>();
  for (const arm of arms) {
    if (names.has(arm.name)) throw new MlError('bad-option', `Arm ${arm.name} appears twice.`);
    names.add(arm.name);
    if (!Number.isInteger(arm.users) || arm.users < 1) {
      throw new MlError(
        'too-few-rows',
        `Arm ${arm.name} has ${arm.users} users; every arm needs at least one.`,
      );
    }
    if (!Number.isInteger(arm.conversions) || arm.conversions < 0 || arm.conversions > arm.users) {
      throw new MlError(
        'out-of-range',
        `Arm ${arm.name} has ${arm.conversions} conversions of ${arm.users} users; ` +
          'conversions must be a whole number between 0 and the users.',
      );
    }
  }
  if (!names.has(control)) {
    throw new MlError(
      'bad-option',
      `The control arm ${control} is not in the table, whose arms are ${[...names].join(', ')}.`,
    );
  }
}

/**
 * Throws unless the outcome's distinct values (e.g. SELECT DISTINCT) are 0 and 1: numbers, bigints,
 * booleans, or the strings '0' and '1'. A NULL among them is its own error.
 */
export function checkBinaryOutcome(distinct: readonly unknown[], column = 'the outcome'): void {
  if (distinct.some((v) => v === null || v === undefined)) {
    throw new MlError(
      'missing-values',
      `${column} has missing values (NULL). Decide what they mean (not converted, or left out) in SQL, ` +
        'for example with coalesce or a filter, then run the analysis again.',
    );
  }
  const ok = (v: unknown): boolean =>
    v === 0 || v === 1 || v === true || v === false || v === '0' || v === '1' || v === 0n || v === 1n;
  const bad = distinct.filter((v) => !ok(v));
  if (bad.length > 0) {
    const shown = bad.slice(0, 5).map((v) => JSON.stringify(typeof v === 'bigint' ? Number(v) : v));
    throw new MlError(
      'not-binary',
      `${column} must be 0 or 1 (converted or not), but it also holds ${shown.join(', ')}` +
        `${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}. Recode it as 0/1 in SQL, ` +
        'or analyse a numeric outcome as a per-user value (Welch).',
    );
  }
}

/**
 * Pearson's chi-square goodness of fit of the arms' users against the planned shares
 * (scipy.stats.chisquare); a warning when p < 0.001.
 */
export function sampleRatioMismatch(
  arms: readonly ArmSummary[],
  plannedShares: readonly number[],
): { statistic: number; df: number; pValue: number; warning: AbWarning | null } {
  if (plannedShares.length !== arms.length) {
    throw new MlError('length-mismatch', `${arms.length} arms but ${plannedShares.length} planned shares.`);
  }
  const total = plannedShares.reduce((s, v) => s + v, 0);
  if (plannedShares.some((s) => !(s > 0)) || Math.abs(total - 1) > 1e-9) {
    throw new MlError(
      'bad-option',
      `Planned shares must be positive and sum to 1; got ${plannedShares.join(', ')}.`,
    );
  }
  const users = arms.reduce((s, a) => s + a.users, 0);
  let statistic = 0;
  arms.forEach((arm, i) => {
    const expected = users * (plannedShares[i] ?? 0);
    statistic += (arm.users - expected) ** 2 / expected;
  });
  const df = arms.length - 1;
  const pValue = chiSquareSf(statistic, df);
  const observed = arms
    .map((a) => `${a.name} ${a.users} (${((100 * a.users) / users).toFixed(1)}%)`)
    .join(', ');
  const planned = plannedShares.map((s) => `${(100 * s).toFixed(1)}%`).join(' / ');
  const warning: AbWarning | null =
    pValue < SRM_P_THRESHOLD
      ? {
          code: 'sample-ratio-mismatch',
          message:
            `Sample-ratio mismatch: the arms hold ${observed}, planned ${planned} ` +
            `(chi-square ${statistic.toFixed(2)}, ${df} df, p = ${pValue.toExponential(2)} < ${SRM_P_THRESHOLD}). ` +
            'The split did not work as designed (assignment, logging or filtering), so the comparison may be ' +
            'biased: find the cause before trusting any result.',
        }
      : null;
  return { statistic, df, pValue, warning };
}

/** A warning when any arm has fewer users than the design planned. */
export function peekingWarning(arms: readonly ArmSummary[], plannedPerArm: number): AbWarning | null {
  const short = arms.filter((a) => a.users < plannedPerArm);
  if (short.length === 0) return null;
  const fewest = Math.min(...short.map((a) => a.users));
  return {
    code: 'peeking',
    message:
      `Analysed before the planned sample: ${short.map((a) => `${a.name} has ${a.users}`).join(', ')} of ` +
      `${plannedPerArm} planned users per arm (${((100 * fewest) / plannedPerArm).toFixed(0)}% at the least). ` +
      'The p-values hold only at the planned size; looking early and stopping on a good result inflates ' +
      'false positives. Let the test run to its planned size, or use a sequential design.',
  };
}

/** A warning per arm with fewer than 10 conversions or 10 non-conversions. */
export function fewConversionsWarning(arms: readonly ArmSummary[]): AbWarning | null {
  const few = arms.filter(
    (a) => a.conversions < MIN_EVENTS_PER_ARM || a.users - a.conversions < MIN_EVENTS_PER_ARM,
  );
  if (few.length === 0) return null;
  return {
    code: 'few-conversions',
    message:
      `Too few events for the normal approximation: ${few
        .map(
          (a) => `${a.name} has ${a.conversions} conversions and ${a.users - a.conversions} non-conversions`,
        )
        .join('; ')}. ` +
      `The z-test and the Wald interval want at least ${MIN_EVENTS_PER_ARM} of each per arm (np ≥ 10 and ` +
      'n(1 − p) ≥ 10); read the Newcombe interval, and collect more users before concluding.',
  };
}

/** Holm's step-down adjusted p-values, in the input order (statsmodels multipletests 'holm'). */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m).fill(0);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
