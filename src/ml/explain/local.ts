/**
 * The local explanation of one row (LIME, see lime.ts) and how far to trust it: the same row
 * explained with several seeds, and how often the top-k features agree.
 */
import { MlError } from '../metrics/errors';
import {
  drawLimeSamples,
  limeFit,
  limeSettings,
  samplesSource,
  type LimeExplanation,
  type LimeOptions,
} from './lime';
import type { LimeBackground } from './lime-background';
import { scoreAll } from './scoring';
import type { ScoreFn } from './types';
import { checkWhole } from './validate';

function checkRow(background: LimeBackground, row: Float32Array): void {
  if (row.length !== background.columns) {
    throw new MlError(
      'length-mismatch',
      `The row has ${row.length} values; the model's features are ${background.columns}.`,
    );
  }
  if (background.features.length === 0)
    throw new MlError('empty', 'The background has no features to explain.');
}

/** LIME for `row` (model inputs, one value per column) against the background's statistics. */
export async function explainRow(
  score: ScoreFn,
  background: LimeBackground,
  row: Float32Array,
  options: LimeOptions = {},
): Promise<LimeExplanation> {
  checkRow(background, row);
  const settings = limeSettings(background, options);
  const samples = drawLimeSamples(background, row, settings);
  const scores = await scoreAll(score, samplesSource([samples], background.columns), options);
  return limeFit(background, row, samples, scores, settings);
}

export interface StabilityOptions extends LimeOptions {
  /** Explanations, seeded seed, seed + 1, …; default 10. */
  readonly seeds?: number;
  /** How many of the largest |contributions| are compared; default 5. */
  readonly topK?: number;
}

export type StabilityVerdict = 'stable' | 'fairly-stable' | 'unstable';

export interface LimeStability {
  readonly seeds: readonly number[];
  readonly topK: number;
  /**
   * Rank agreement: the mean over every pair of seeds of |top-k(a) ∩ top-k(b)| / k. 1 when every
   * seed names the same k features (in any order), near k / features for noise.
   */
  readonly agreement: number;
  /** Share of pairs of seeds whose top k are the same features in the same order. */
  readonly sameOrder: number;
  /** How many of the seeds put each feature in their top k, most often first. */
  readonly frequency: readonly { readonly name: string; readonly count: number }[];
  readonly verdict: StabilityVerdict;
  readonly message: string;
  /** The explanation of each seed. */
  readonly explanations: readonly LimeExplanation[];
}

function topNames(e: LimeExplanation, k: number): string[] {
  return e.contributions.slice(0, k).map((c) => c.name);
}

function verdictOf(
  agreement: number,
  k: number,
  samples: number,
): { verdict: StabilityVerdict; message: string } {
  const share = `${Math.round(agreement * 100)}%`;
  if (agreement >= 0.9) {
    return {
      verdict: 'stable',
      message: `Stable: other seeds name the same top ${k} features (${share} agreement).`,
    };
  }
  if (agreement >= 0.7) {
    return {
      verdict: 'fairly-stable',
      message: `Fairly stable: the top ${k} features mostly agree across seeds (${share}); read the first few, and more samples than ${samples} would firm it up.`,
    };
  }
  return {
    verdict: 'unstable',
    message: `Unstable: the top ${k} features change from seed to seed (${share} agreement), so this explanation is not to be trusted as it stands. Raise the sample count above ${samples} or widen the kernel.`,
  };
}

/** Explains `row` with `seeds` seeds (scored in one stream) and measures how much the top k agree. */
export async function limeStability(
  score: ScoreFn,
  background: LimeBackground,
  row: Float32Array,
  options: StabilityOptions = {},
): Promise<LimeStability> {
  checkRow(background, row);
  const count = options.seeds ?? 10;
  checkWhole(count, 'seeds', 2, 100);
  const k = options.topK ?? 5;
  checkWhole(k, 'topK', 1, background.features.length);
  const base = limeSettings(background, options);
  const settings = Array.from({ length: count }, (_, i) => ({ ...base, seed: base.seed + i }));
  const sets = settings.map((s) => drawLimeSamples(background, row, s));
  const scores = await scoreAll(score, samplesSource(sets, background.columns), options);
  const explanations = sets.map((set, i) =>
    limeFit(
      background,
      row,
      set,
      scores.subarray(i * base.samples, (i + 1) * base.samples),
      settings[i] ?? base,
    ),
  );
  const tops = explanations.map((e) => topNames(e, k));
  let overlap = 0;
  let same = 0;
  let pairs = 0;
  for (let a = 0; a < tops.length; a++) {
    for (let b = a + 1; b < tops.length; b++) {
      const ta = tops[a] ?? [];
      const tb = tops[b] ?? [];
      overlap += ta.filter((name) => tb.includes(name)).length / k;
      if (ta.every((name, i) => tb[i] === name)) same++;
      pairs++;
    }
  }
  const counts = new Map<string, number>();
  for (const top of tops) for (const name of top) counts.set(name, (counts.get(name) ?? 0) + 1);
  const frequency = [...counts].map(([name, c]) => ({ name, count: c })).sort((a, b) => b.count - a.count);
  const agreement = overlap / pairs;
  return {
    seeds: settings.map((s) => s.seed),
    topK: k,
    agreement,
    sameOrder: same / pairs,
    frequency,
    ...verdictOf(agreement, k, base.samples),
    explanations,
  };
}
