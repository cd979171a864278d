/**
 * The analysis of an A/B results table, summarised per arm: each treatment against the control,
 * on the rate (Wald and Newcombe intervals, log-ratio lift, pooled z-test, bootstrap) and, when
 * the arms carry per-user values, on the mean (Welch); the value per user and per 1,000 users
 * from the outcome values; the checks; and a verdict against the MDE.
 */
import { MlError } from '../metrics/errors';
import { bootstrapMeans, bootstrapRates, type AbBootstrapOptions } from './bootstrap';
import {
  checkArms,
  fewConversionsWarning,
  holm,
  peekingWarning,
  sampleRatioMismatch,
  type AbWarning,
} from './checks';
import { meanSummary, relativeMeanLiftInterval, welchInterval, welchTest, type MeanSummary } from './means';
import {
  newcombeDifference,
  pooledZTest,
  relativeLiftInterval,
  waldDifference,
  wilsonInterval,
  type TestSide,
} from './proportions';
import { interval, noInterval, type Alternative, type ArmSummary, type Effect, type Interval } from './types';
import { verdictOf, type Verdict } from './verdict';
import type {
  AbAnalysis,
  AnalysisOptions,
  ArmResult,
  Comparison,
  MeanComparison,
  OutcomeValues,
  RateComparison,
} from './analysis-types';

export type * from './analysis-types';

const pct = (v: number): string => `${(100 * v).toFixed(2)} pp`;
const num = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

function armResult(arm: ArmSummary, level: number, values: OutcomeValues | undefined): ArmResult {
  const rate = arm.conversions / arm.users;
  const cost = values?.costPerUser?.[arm.name] ?? 0;
  return {
    name: arm.name,
    users: arm.users,
    conversions: arm.conversions,
    rate,
    rateInterval: wilsonInterval(arm, level),
    mean: arm.value ? meanSummary(arm.value, arm.users, arm.name) : null,
    valuePerUser: values ? rate * values.converted + (1 - rate) * values.notConverted - cost : null,
  };
}

function rateComparison(
  t: ArmResult,
  c: ArmResult,
  side: TestSide,
  level: number,
  boot: AbBootstrapOptions | null,
) {
  const zTest = pooledZTest(t, c, side);
  if (zTest === null) {
    const all = t.conversions === 0 ? 'no user converted' : 'every user converted';
    throw new MlError(
      'out-of-range',
      `In arms ${c.name} and ${t.name} ${all}: there is no difference to test. Check the outcome column.`,
    );
  }
  return {
    difference: t.rate - c.rate,
    relativeLift: c.rate === 0 ? null : t.rate / c.rate - 1,
    wald: waldDifference(t, c, level),
    newcombe: newcombeDifference(t, c, level),
    relativeLiftInterval: relativeLiftInterval(t, c, level),
    zTest,
    bootstrap: boot ? bootstrapRates(t, c, level, boot) : null,
  };
}

function meanComparison(
  t: ArmSummary & { mean: MeanSummary },
  c: ArmSummary & { mean: MeanSummary },
  side: TestSide,
  level: number,
  boot: AbBootstrapOptions | null,
) {
  const raw =
    t.value?.kind === 'values' && c.value?.kind === 'values' ? [t.value.values, c.value.values] : null;
  return {
    difference: t.mean.mean - c.mean.mean,
    relativeLift: c.mean.mean === 0 ? null : t.mean.mean / c.mean.mean - 1,
    welch: welchInterval(t.mean, c.mean, level),
    relativeLiftInterval: relativeMeanLiftInterval(t.mean, c.mean, level),
    tTest: welchTest(t.mean, c.mean, side),
    bootstrap: boot && raw ? bootstrapMeans(raw[0] ?? [], raw[1] ?? [], level, boot) : null,
  };
}

function valueComparison(
  rate: { difference: number; newcombe: Interval },
  t: string,
  c: string,
  v: OutcomeValues,
) {
  const k = v.converted - v.notConverted;
  const extra = (v.costPerUser?.[t] ?? 0) - (v.costPerUser?.[c] ?? 0);
  const map = (d: number) => d * k - extra;
  const perUser = map(rate.difference);
  const ci: Interval =
    rate.newcombe.reason === null
      ? interval(
          Math.min(map(rate.newcombe.lower), map(rate.newcombe.upper)),
          Math.max(map(rate.newcombe.lower), map(rate.newcombe.upper)),
        )
      : noInterval(rate.newcombe.reason);
  const scale = (i: Interval): Interval => (i.reason === null ? interval(1000 * i.lower, 1000 * i.upper) : i);
  return {
    perUser: { difference: perUser, interval: ci },
    per1000: { difference: 1000 * perUser, interval: scale(ci) },
  };
}

function checkOptions(
  options: AnalysisOptions,
  arms: readonly ArmSummary[],
): { alpha: number; alternative: Alternative; primary: 'rate' | 'mean' } {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 0.5))
    throw new MlError('bad-option', `alpha must be in (0, 0.5); got ${alpha}.`);
  if (!Number.isFinite(options.mde.value) || options.mde.value === 0) {
    throw new MlError('bad-option', `The MDE must be a non-zero number; got ${options.mde.value}.`);
  }
  const withValues = arms.filter((a) => a.value !== undefined).length;
  if (withValues !== 0 && withValues !== arms.length) {
    throw new MlError('bad-option', 'Either every arm has per-user values or none does.');
  }
  const primary = options.primary ?? 'rate';
  if (primary === 'mean' && withValues === 0) {
    throw new MlError('bad-option', 'The verdict reads the mean, but the arms have no per-user values.');
  }
  return { alpha, alternative: options.alternative ?? 'two-sided', primary };
}

/** Each treatment arm against the control; several treatments are Holm-corrected. */
export function analyseAbTest(arms: readonly ArmSummary[], options: AnalysisOptions): AbAnalysis {
  checkArms(arms, options.control);
  const { alpha, alternative, primary } = checkOptions(options, arms);
  const twoSided = alternative === 'two-sided';
  const side: TestSide = twoSided ? 'two-sided' : options.mde.value > 0 ? 'greater' : 'less';
  const level = twoSided ? 1 - alpha : 1 - 2 * alpha;
  const pairs = arms.map((arm) => ({ arm, result: armResult(arm, level, options.outcomeValues) }));
  const control = pairs.find((p) => p.arm.name === options.control);
  if (!control) throw new MlError('bad-option', `No control arm ${options.control}.`);
  const boot = options.bootstrap ?? null;
  const unadjusted = pairs
    .filter((p) => p !== control)
    .map(({ arm, result }, i) => {
      const seeded = boot ? { ...boot, seed: boot.seed + i } : null;
      const rate = rateComparison(result, control.result, side, level, seeded);
      const t = result.mean;
      const c = control.result.mean;
      const mean =
        t && c ? meanComparison({ ...arm, mean: t }, { ...control.arm, mean: c }, side, level, seeded) : null;
      return { arm: arm.name, rate, mean };
    });
  const comparisons: Comparison[] = withHolm(unadjusted).map(({ arm, rate, mean }) => ({
    arm,
    rate,
    mean,
    value: options.outcomeValues ? valueComparison(rate, arm, control.arm.name, options.outcomeValues) : null,
    verdict: verdictFor(rate, mean, control.result, primary, options.mde, alpha, twoSided),
  }));
  return {
    control: control.arm.name,
    arms: pairs.map((p) => p.result),
    comparisons,
    alpha,
    alternative,
    side,
    intervalLevel: level,
    ...checksOf(arms, options, control.result, comparisons.length),
  };
}

type Unadjusted<T> = Omit<T, 'adjustedPValue'>;

/** Holm-adjusted p-values, the rate's and the mean's each as one family over the comparisons. */
function withHolm(
  raw: readonly { arm: string; rate: Unadjusted<RateComparison>; mean: Unadjusted<MeanComparison> | null }[],
): { arm: string; rate: RateComparison; mean: MeanComparison | null }[] {
  const ratePs = holm(raw.map((r) => r.rate.zTest.pValue));
  const tested = raw.flatMap((r, i) => (r.mean?.tTest ? [{ i, p: r.mean.tTest.pValue }] : []));
  const meanPs = new Map(holm(tested.map((t) => t.p)).map((p, k) => [tested[k]?.i ?? -1, p]));
  return raw.map((r, i) => ({
    arm: r.arm,
    rate: { ...r.rate, adjustedPValue: ratePs[i] ?? r.rate.zTest.pValue },
    mean: r.mean ? { ...r.mean, adjustedPValue: meanPs.get(i) ?? null } : null,
  }));
}

function verdictFor(
  rate: RateComparison,
  mean: MeanComparison | null,
  control: ArmResult,
  primary: 'rate' | 'mean',
  mde: Effect,
  alpha: number,
  twoSided: boolean,
): Verdict | null {
  const onMean = primary === 'mean' && mean !== null;
  const base = onMean ? (control.mean?.mean ?? 0) : control.rate;
  if (mde.kind === 'relative' && base === 0) return null;
  return verdictOf({
    metric: onMean ? 'mean' : 'rate',
    estimate: onMean ? mean.difference : rate.difference,
    interval: onMean ? mean.welch : rate.newcombe,
    pValue: onMean ? mean.adjustedPValue : rate.adjustedPValue,
    alpha,
    twoSided,
    mde: mde.kind === 'absolute' ? mde.value : mde.value * base,
    format: onMean ? num : pct,
  });
}

function checksOf(
  arms: readonly ArmSummary[],
  options: AnalysisOptions,
  control: ArmResult,
  comparisons: number,
): { sampleRatio: AbAnalysis['sampleRatio']; warnings: AbWarning[] } {
  const planned = options.plannedShares;
  const missing = planned ? arms.filter((a) => planned[a.name] === undefined).map((a) => a.name) : [];
  if (missing.length > 0) {
    throw new MlError('bad-option', `The planned split has no share for arm ${missing.join(', ')}.`);
  }
  const shares = arms.map((a) => (planned ? (planned[a.name] ?? 0) : 1 / arms.length));
  const srm = sampleRatioMismatch(arms, shares);
  const warnings: AbWarning[] = [];
  if (srm.warning) warnings.push(srm.warning);
  if (options.plannedPerArm !== undefined) {
    const peeking = peekingWarning(arms, options.plannedPerArm);
    if (peeking) warnings.push(peeking);
  }
  const few = fewConversionsWarning(arms);
  if (few) warnings.push(few);
  if (control.conversions === 0) {
    warnings.push({
      code: 'zero-baseline',
      message:
        `No user in the control (${control.name}) converted: the baseline rate is 0, so a relative lift is ` +
        'undefined and only the absolute difference is reported.',
    });
  }
  if (comparisons > 1) {
    warnings.push({
      code: 'multiple-arms',
      message:
        `${comparisons} treatments are each compared with ${control.name}: with several tests one of them ` +
        'can look significant by chance, so the p-values are Holm-adjusted (the verdicts use them); the ' +
        'intervals are not adjusted.',
    });
  }
  return { sampleRatio: { statistic: srm.statistic, df: srm.df, pValue: srm.pValue }, warnings };
}
