/**
 * The verdict of one comparison against the minimum detectable effect (MDE), after the six cases
 * of Kohavi, Tang & Xu, "Trustworthy Online Controlled Experiments" (2020), fig. 2.4: statistical
 * significance read from the (adjusted) p-value, practical significance from where the interval
 * lies against the MDE.
 */
import type { Interval } from './types';

export type VerdictKind =
  'launch' | 'likely-meaningful' | 'significant-below-mde' | 'harm' | 'no-meaningful-effect' | 'inconclusive';

export interface Verdict {
  readonly kind: VerdictKind;
  readonly metric: 'rate' | 'mean';
  /** The MDE as an absolute difference, signed in the hoped-for direction. */
  readonly mde: number;
  readonly estimate: number;
  readonly interval: Interval;
  readonly pValue: number | null;
  readonly significant: boolean;
  readonly message: string;
}

export interface VerdictInput {
  readonly metric: 'rate' | 'mean';
  readonly estimate: number;
  readonly interval: Interval;
  /** Adjusted for several arms where there are several. */
  readonly pValue: number | null;
  readonly alpha: number;
  readonly twoSided: boolean;
  readonly mde: number;
  readonly format: (v: number) => string;
}

function kindOf(v: VerdictInput): { kind: VerdictKind; significant: boolean } {
  const s = Math.sign(v.mde);
  const m = Math.abs(v.mde);
  const e = s * v.estimate;
  const bounds =
    v.interval.reason === null
      ? [s * v.interval.lower, s * v.interval.upper].sort((a, b) => a - b)
      : [-Infinity, Infinity];
  const lo = bounds[0] ?? -Infinity;
  const hi = bounds[1] ?? Infinity;
  const significant = v.pValue !== null && v.pValue < v.alpha;
  if ((significant && v.twoSided && e < 0) || hi < 0) return { kind: 'harm', significant };
  if (significant && e > 0) {
    if (lo >= m) return { kind: 'launch', significant };
    return { kind: e >= m ? 'likely-meaningful' : 'significant-below-mde', significant };
  }
  if (hi < m && lo > -m) return { kind: 'no-meaningful-effect', significant };
  return { kind: 'inconclusive', significant };
}

export function verdictOf(v: VerdictInput): Verdict {
  const { kind, significant } = kindOf(v);
  const f = v.format;
  const ci =
    v.interval.reason === null ? `[${f(v.interval.lower)}, ${f(v.interval.upper)}]` : '(no interval)';
  const p =
    v.pValue === null
      ? 'no p-value'
      : `p = ${v.pValue < 1e-4 ? v.pValue.toExponential(1) : v.pValue.toFixed(4)}`;
  const facts = `${f(v.estimate)}, interval ${ci}, ${p}; MDE ${f(v.mde)}`;
  const messages: Record<VerdictKind, string> = {
    launch: `Significant, and the whole interval is at least the MDE: ship it (${facts}).`,
    'likely-meaningful':
      `Significant and the estimate reaches the MDE, but the interval also holds smaller effects: ` +
      `likely worth it; a longer test would make sure (${facts}).`,
    'significant-below-mde': `Significant, but the estimate is below the MDE: the effect is real but may be too small to be worth it (${facts}).`,
    harm: `The treatment does worse than the control (${facts}).`,
    'no-meaningful-effect':
      `Not significant, and the interval rules out an effect as large as the MDE either way: ` +
      `no meaningful difference (${facts}).`,
    inconclusive:
      `Not significant, and the interval still holds effects as large as the MDE: inconclusive, ` +
      `the test needs more users (${facts}).`,
  };
  return {
    kind,
    metric: v.metric,
    mde: v.mde,
    estimate: v.estimate,
    interval: v.interval,
    pValue: v.pValue,
    significant,
    message: messages[kind],
  };
}
