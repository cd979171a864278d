/**
 * Designing a two-arm test of a conversion rate: the users each arm needs, the days that takes,
 * and the power over effect sizes.
 *
 * Two formulas, both the ones statsmodels 0.13.5 computes (checked to 1e-6 in design.test.ts):
 *  - 'pooled-z' (default): the normal approximation of the test the analysis runs, the pooled
 *    two-proportion z-test. Under the null the difference has the pooled rate's variance, under
 *    the alternative each arm its own (Fleiss, Levin & Paik §4.2 without continuity correction;
 *    R's power.prop.test). nₜ = ((z₁₋α′ σ₀ − z_β σ₁) / δ)², σ² = p(1−p) + p(1−p)/r. statsmodels:
 *    samplesize_proportions_2indep_onetail (size) and power_proportions_2indep (power).
 *  - 'cohens-h': the arcsine effect size h = 2 asin √p₁ − 2 asin √p₀ (Cohen 1988, as G*Power),
 *    nₜ solving Φ(h √ñ − z₁₋α′) + Φ(−h √ñ − z₁₋α′) = power with ñ = nₜ n_c / (nₜ + n_c), the far
 *    tail included. statsmodels: NormalIndPower().solve_power with proportion_effectsize.
 * α′ is α/2 two-sided, α one-sided; r = n_c / nₜ.
 */
import { MlError } from '../metrics/errors';
import { normalCdf, normalIsf, normalSf } from '../stats/distributions';
import type { Alternative, Effect } from './types';

export type SampleSizeMethod = 'pooled-z' | 'cohens-h';

export interface DesignInput {
  /** The control's conversion rate, in (0, 1): from the data, before the test. */
  readonly baselineRate: number;
  /** The minimum detectable effect (MDE), absolute or relative; its sign is the hoped direction. */
  readonly effect: Effect;
  /** 1 − β; 0.8 by default. */
  readonly power?: number;
  /** The test's significance level; 0.05 by default. */
  readonly alpha?: number;
  readonly alternative?: Alternative;
  /** The share of the test's users sent to the treatment, in (0, 1); 0.5 by default. */
  readonly treatmentShare?: number;
  readonly method?: SampleSizeMethod;
}

export interface Design {
  readonly method: SampleSizeMethod;
  readonly baselineRate: number;
  readonly treatmentRate: number;
  /** treatmentRate − baselineRate. */
  readonly absoluteEffect: number;
  /** absoluteEffect / baselineRate. */
  readonly relativeEffect: number;
  readonly power: number;
  readonly alpha: number;
  readonly alternative: Alternative;
  readonly treatmentShare: number;
  /** The formula's treatment size before rounding up. */
  readonly exactTreatmentUsers: number;
  /** Whole users per arm, each rounded up. */
  readonly perArm: { readonly control: number; readonly treatment: number };
  readonly totalUsers: number;
  /** The power at the rounded sizes, both tails counted for a two-sided test. */
  readonly achievedPower: number;
  /** Cohen's h of the effect (both methods report it). */
  readonly cohensH: number;
  /** The formula in words, for the cell and the report. */
  readonly formula: string;
}

interface Checked {
  readonly p0: number;
  readonly p1: number;
  readonly power: number;
  readonly alpha: number;
  readonly alternative: Alternative;
  readonly share: number;
  readonly method: SampleSizeMethod;
}

const inOpenUnit = (v: number): boolean => v > 0 && v < 1;

/** The treatment's rate under the effect, or an MlError saying why there is none. */
export function treatmentRateOf(baselineRate: number, effect: Effect): number {
  if (!Number.isFinite(baselineRate) || baselineRate < 0 || baselineRate > 1) {
    throw new MlError('out-of-range', `The baseline rate must be a share in (0, 1); got ${baselineRate}.`);
  }
  if (baselineRate === 0 || baselineRate === 1) {
    throw new MlError(
      'out-of-range',
      `The baseline rate is ${baselineRate}: with ${baselineRate === 0 ? 'no' : 'every'} user converting, ` +
        'no test can detect a change of it. Check the outcome column and the rows the rate is taken from.',
    );
  }
  if (!Number.isFinite(effect.value) || effect.value === 0) {
    throw new MlError(
      'bad-option',
      `The minimum detectable effect must be a non-zero number; got ${effect.value}.`,
    );
  }
  const p1 = effect.kind === 'absolute' ? baselineRate + effect.value : baselineRate * (1 + effect.value);
  if (!inOpenUnit(p1)) {
    throw new MlError(
      'out-of-range',
      `A ${effect.kind} effect of ${effect.value} on a baseline of ${baselineRate} gives a treatment rate ` +
        `of ${p1}, outside (0, 1). Choose a smaller effect.`,
    );
  }
  return p1;
}

function check(input: DesignInput): Checked {
  const power = input.power ?? 0.8;
  const alpha = input.alpha ?? 0.05;
  const share = input.treatmentShare ?? 0.5;
  if (!inOpenUnit(power)) throw new MlError('bad-option', `power must be in (0, 1); got ${power}.`);
  if (!inOpenUnit(alpha)) throw new MlError('bad-option', `alpha must be in (0, 1); got ${alpha}.`);
  if (!inOpenUnit(share)) throw new MlError('bad-option', `treatmentShare must be in (0, 1); got ${share}.`);
  const alternative = input.alternative ?? 'two-sided';
  const oneTail = alternative === 'two-sided' ? alpha / 2 : alpha;
  if (power <= oneTail) {
    throw new MlError('bad-option', `power (${power}) must exceed the test's tail α (${oneTail}).`);
  }
  const p1 = treatmentRateOf(input.baselineRate, input.effect);
  return { p0: input.baselineRate, p1, power, alpha, alternative, share, method: input.method ?? 'pooled-z' };
}

export function cohensH(p1: number, p0: number): number {
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p0));
}

/** σ₀ and σ₁ of the pooled z statistic per √nₜ, with r = n_c / nₜ. */
function pooledStds(p0: number, p1: number, ratio: number): { null: number; alt: number } {
  const pooled = (p1 + p0 * ratio) / (1 + ratio);
  const v = (p: number, q: number) => Math.sqrt(p * (1 - p) + (q * (1 - q)) / ratio);
  return { null: v(pooled, pooled), alt: v(p1, p0) };
}

/**
 * The power of the test with `treatmentUsers` and `treatmentUsers · ratio` control users. Both
 * tails count for a two-sided test (statsmodels' normal_power_het and normal_power).
 */
function powerOf(c: Checked, treatmentUsers: number): number {
  const ratio = (1 - c.share) / c.share;
  const tail = c.alternative === 'two-sided' ? c.alpha / 2 : c.alpha;
  const crit = normalIsf(tail);
  let shift: number;
  let critScaled: number;
  if (c.method === 'pooled-z') {
    const std = pooledStds(c.p0, c.p1, ratio);
    shift = (Math.abs(c.p1 - c.p0) * Math.sqrt(treatmentUsers)) / std.alt;
    critScaled = (crit * std.null) / std.alt;
  } else {
    const effective = treatmentUsers / (1 + 1 / ratio);
    shift = Math.abs(cohensH(c.p1, c.p0)) * Math.sqrt(effective);
    critScaled = crit;
  }
  const near = normalSf(critScaled - shift);
  return c.alternative === 'two-sided' ? near + normalCdf(-critScaled - shift) : near;
}

function exactTreatmentUsers(c: Checked): number {
  const ratio = (1 - c.share) / c.share;
  const tail = c.alternative === 'two-sided' ? c.alpha / 2 : c.alpha;
  const crit = normalIsf(tail);
  const critPower = normalIsf(c.power);
  if (c.method === 'pooled-z') {
    const std = pooledStds(c.p0, c.p1, ratio);
    return ((crit * std.null - critPower * std.alt) / (c.p1 - c.p0)) ** 2;
  }
  // Start from the one-tail closed form, then bisect the full power equation (monotone in n).
  const h = Math.abs(cohensH(c.p1, c.p0));
  const start = ((crit - critPower) / h) ** 2 * (1 + 1 / ratio);
  let low = start / 2;
  let high = start * 1.5;
  while (powerOf(c, low) > c.power) low /= 2;
  while (powerOf(c, high) < c.power) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const mid = (low + high) / 2;
    if (powerOf(c, mid) < c.power) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

const FORMULAS: Record<SampleSizeMethod, string> = {
  'pooled-z':
    'Normal approximation of the pooled two-proportion z-test: pooled variance under the null, ' +
    "each arm's own under the alternative (Fleiss; R power.prop.test; statsmodels samplesize_proportions_2indep_onetail).",
  'cohens-h':
    "Cohen's h, the arcsine-transformed difference, with the normal power equation solved over both tails " +
    '(G*Power; statsmodels NormalIndPower.solve_power).',
};

/** The users each arm needs to detect the effect with the given power at level alpha. */
export function sampleSize(input: DesignInput): Design {
  const c = check(input);
  const exact = exactTreatmentUsers(c);
  const ratio = (1 - c.share) / c.share;
  const treatment = Math.ceil(exact - 1e-9);
  const control = Math.ceil(exact * ratio - 1e-9);
  return {
    method: c.method,
    baselineRate: c.p0,
    treatmentRate: c.p1,
    absoluteEffect: c.p1 - c.p0,
    relativeEffect: (c.p1 - c.p0) / c.p0,
    power: c.power,
    alpha: c.alpha,
    alternative: c.alternative,
    treatmentShare: c.share,
    exactTreatmentUsers: exact,
    perArm: { control, treatment },
    totalUsers: control + treatment,
    achievedPower: powerOf(c, Math.min(treatment, control / ratio)),
    cohensH: cohensH(c.p1, c.p0),
    formula: FORMULAS[c.method],
  };
}

/** The power of a test with `treatmentUsers` in the treatment (and the share's ratio in control). */
export function powerAt(input: DesignInput, treatmentUsers: number): number {
  if (!(treatmentUsers > 0)) {
    throw new MlError('bad-option', `treatmentUsers must be positive; got ${treatmentUsers}.`);
  }
  return powerOf(check(input), treatmentUsers);
}

export interface PowerPoint {
  readonly absoluteEffect: number;
  readonly relativeEffect: number;
  readonly treatmentRate: number;
  readonly power: number;
}

/**
 * The power at the design's sizes for effects from 0 to `upTo` times the MDE, in the MDE's
 * direction (`points` of them, evenly spaced, the first at 0 where the power is the test's α
 * in the hoped tail); effects that take the rate outside (0, 1) are left out.
 */
export function powerCurve(design: Design, options: { points?: number; upTo?: number } = {}): PowerPoint[] {
  const points = options.points ?? 41;
  const upTo = options.upTo ?? 2;
  if (!Number.isInteger(points) || points < 2) {
    throw new MlError('bad-option', `points must be a whole number ≥ 2; got ${points}.`);
  }
  if (!(upTo > 0)) throw new MlError('bad-option', `upTo must be positive; got ${upTo}.`);
  const base: Omit<Checked, 'p1'> = {
    p0: design.baselineRate,
    power: design.power,
    alpha: design.alpha,
    alternative: design.alternative,
    share: design.treatmentShare,
    method: design.method,
  };
  const treatmentUsers = Math.min(
    design.perArm.treatment,
    design.perArm.control / ((1 - base.share) / base.share),
  );
  const out: PowerPoint[] = [];
  for (let i = 0; i < points; i++) {
    const absolute = (design.absoluteEffect * upTo * i) / (points - 1);
    const p1 = base.p0 + absolute;
    if (!inOpenUnit(p1)) continue;
    const power = powerOf({ ...base, p1 }, treatmentUsers);
    out.push({ absoluteEffect: absolute, relativeEffect: absolute / base.p0, treatmentRate: p1, power });
  }
  return out;
}

export interface Duration {
  /** Whole days to enrol the design's users. */
  readonly days: number;
  /** Users enrolled per day: daily traffic × the share of it in the test. */
  readonly usersPerDay: number;
  readonly totalUsers: number;
}

/**
 * Days to enrol `totalUsers` when `dailyTraffic` users arrive each day and `trafficShare` of them
 * enter the test (1 by default: everyone, split between the arms).
 */
export function testDuration(totalUsers: number, dailyTraffic: number, trafficShare = 1): Duration {
  if (!(Number.isFinite(totalUsers) && totalUsers > 0)) {
    throw new MlError('bad-option', `The test needs a positive number of users; got ${totalUsers}.`);
  }
  if (!(Number.isFinite(dailyTraffic) && dailyTraffic > 0)) {
    throw new MlError('bad-option', `Daily traffic must be a positive number of users; got ${dailyTraffic}.`);
  }
  if (!(trafficShare > 0 && trafficShare <= 1)) {
    throw new MlError('bad-option', `trafficShare must be in (0, 1]; got ${trafficShare}.`);
  }
  const usersPerDay = dailyTraffic * trafficShare;
  return { days: Math.ceil(totalUsers / usersPerDay - 1e-9), usersPerDay, totalUsers };
}
