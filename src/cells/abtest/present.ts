import type { AbAnalysis, Comparison, Interval, VerdictKind } from '../../ml/abtest';
import { grouped } from '../shared/text';
import type { DesignResult } from './design';
import type { AbtestOutput, BaselineFact } from './run';

/*
 * An A/B cell's numbers in words, shared by its view and its report section: one place decides
 * how a rate, a lift and an interval read.
 */

export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** 0.0862 → "+8.62 pp". */
export const pointsText = (d: number): string => `${d >= 0 ? '+' : '−'}${Math.abs(100 * d).toFixed(2)} pp`;
/** 0.536 → "53.6%". */
export const rateText = (r: number): string => `${(100 * r).toFixed(1)}%`;
/** 0.145 → "+14.5%". */
export const liftText = (l: number | null): string =>
  l === null ? '–' : `${l >= 0 ? '+' : '−'}${Math.abs(100 * l).toFixed(1)}%`;
export const moneyText = (v: number): string =>
  `${v < 0 ? '−' : ''}${Math.abs(v).toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`;
export const pText = (p: number): string => (p < 1e-4 ? p.toExponential(1) : p.toFixed(4));

export function intervalText(i: Interval, format: (v: number) => string): string {
  return i.reason === null ? `[${format(i.lower)}, ${format(i.upper)}]` : `none (${i.reason})`;
}

export const VERDICT_LABELS: Readonly<Record<VerdictKind, string>> = {
  launch: 'Launch',
  'likely-meaningful': 'Likely meaningful',
  'significant-below-mde': 'Significant, below the MDE',
  harm: 'Harm',
  'no-meaningful-effect': 'No meaningful effect',
  inconclusive: 'Inconclusive',
};

function baselineText(b: BaselineFact): string {
  return b.source === 'typed'
    ? `${rateText(b.rate)} (typed)`
    : `${rateText(b.rate)}: ${b.target} = ${b.positive} in ${grouped(b.rows)} rows of ${b.table} (the brief)`;
}

/** The design's facts: baseline, effect, users, power, days. */
export function designFacts(baseline: BaselineFact, result: DesignResult): Fact[] {
  const d = result.design;
  const facts: Fact[] = [
    { label: 'Baseline rate', value: baselineText(baseline) },
    {
      label: 'Minimum detectable effect',
      value: `${pointsText(d.absoluteEffect)} (${liftText(d.relativeEffect)} relative): ${rateText(d.baselineRate)} → ${rateText(d.treatmentRate)}`,
    },
    {
      label: 'Test',
      value: `${d.alternative}, α = ${d.alpha}, power ${d.power}; ${rateText(d.treatmentShare)} of users in the treatment`,
    },
    {
      label: 'Users per arm',
      value: `${grouped(d.perArm.control)} control, ${grouped(d.perArm.treatment)} treatment (${grouped(d.totalUsers)} in all; achieved power ${d.achievedPower.toFixed(3)})`,
    },
  ];
  if (result.duration) {
    const { days, usersPerDay } = result.duration;
    facts.push({
      label: 'Duration',
      value: `${grouped(days)} ${days === 1 ? 'day' : 'days'} at ${grouped(usersPerDay)} users a day`,
    });
  }
  return facts;
}

/** One row per arm: name, users, conversions, rate [Wilson], mean value, value per user. */
export function armRows(a: AbAnalysis): string[][] {
  return a.arms.map((arm) => [
    arm.name === a.control ? `${arm.name} (control)` : arm.name,
    grouped(arm.users),
    grouped(arm.conversions),
    `${rateText(arm.rate)} [${rateText(arm.rateInterval.lower)}, ${rateText(arm.rateInterval.upper)}]`,
    arm.mean === null ? '–' : moneyText(arm.mean.mean),
    arm.valuePerUser === null ? '–' : moneyText(arm.valuePerUser),
  ]);
}

export const ARM_HEAD = ['Arm', 'Users', 'Converted', 'Rate [Wilson]', 'Mean value', 'Value per user'];

/** One row per treatment: the difference with its intervals, the lift, the test, the value. */
export function comparisonRows(a: AbAnalysis): string[][] {
  return a.comparisons.map((c) => {
    const r = c.rate;
    const boot = r.bootstrap ? intervalText(r.bootstrap.difference, pointsText) : '–';
    return [
      c.arm,
      pointsText(r.difference),
      intervalText(r.newcombe, pointsText),
      intervalText(r.wald, pointsText),
      boot,
      `${liftText(r.relativeLift)} ${intervalText(r.relativeLiftInterval, liftText)}`,
      `z = ${r.zTest.statistic.toFixed(2)}, p = ${pText(r.adjustedPValue)}`,
      c.value
        ? `${moneyText(c.value.per1000.difference)} ${intervalText(c.value.per1000.interval, moneyText)}`
        : '–',
    ];
  });
}

export const COMPARISON_HEAD = [
  'Treatment',
  'Difference',
  'Newcombe',
  'Wald',
  'Bootstrap',
  'Relative lift',
  'z-test',
  'Value per 1,000 users',
];

/** The per-user value's means compared with Welch, one row per treatment with values. */
export function meanRows(a: AbAnalysis): string[][] {
  return a.comparisons.flatMap((c) => {
    const m = c.mean;
    if (!m) return [];
    const t = m.tTest
      ? `t = ${m.tTest.statistic.toFixed(2)}, df = ${m.tTest.df.toFixed(1)}, p = ${pText(m.adjustedPValue ?? m.tTest.pValue)}`
      : '–';
    return [[c.arm, moneyText(m.difference), intervalText(m.welch, moneyText), liftText(m.relativeLift), t]];
  });
}

export const MEAN_HEAD = [
  'Treatment',
  'Mean difference',
  'Welch interval',
  'Relative lift',
  "Welch's t-test",
];

/** "treatment: Launch: Significant, and …". */
export function verdictSentences(a: AbAnalysis): string[] {
  return a.comparisons.map((c: Comparison) =>
    c.verdict
      ? `${c.arm}: ${VERDICT_LABELS[c.verdict.kind]}. ${c.verdict.message}`
      : `${c.arm}: no verdict against a relative MDE, since the control's rate is 0.`,
  );
}

/** "1,055 users per arm · treatment +8.62 pp, Launch". */
export function doneText(output: AbtestOutput): string {
  const d = output.design.design;
  const size = `${grouped(Math.max(d.perArm.control, d.perArm.treatment))} users per arm`;
  const a = output.analysis?.result;
  if (!a) return size;
  const verdicts = a.comparisons.map(
    (c) =>
      `${c.arm} ${pointsText(c.rate.difference)}${c.verdict ? `, ${VERDICT_LABELS[c.verdict.kind]}` : ''}`,
  );
  const warned =
    a.warnings.length > 0 ? [`${a.warnings.length} ${a.warnings.length === 1 ? 'warning' : 'warnings'}`] : [];
  return [size, ...verdicts, ...warned].join(' · ');
}
