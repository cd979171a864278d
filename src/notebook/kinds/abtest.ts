import * as v from 'valibot';
import { parseAt } from '../schema';
import { inputTables, type KindFacts } from './facts';

/** Where the design's baseline rate comes from: the brief's target (its positive rate) or typed. */
export type AbBaseline = { readonly kind: 'brief' } | { readonly kind: 'typed'; readonly rate: number };

/**
 * What a user of each outcome is worth, for the value per user: from the brief's outcome values
 * (see cells/abtest/values.ts for the mapping), typed, or none.
 */
export type AbValues =
  | { readonly kind: 'brief' }
  | {
      readonly kind: 'typed';
      readonly converted: number;
      readonly notConverted: number;
      /** What treating one user costs (the call, the coupon); the control costs nothing. */
      readonly treatmentCost: number;
    }
  | { readonly kind: 'none' };

/** The test before it runs: the users each arm needs to see the MDE, and the days that takes. */
export interface AbDesignConfig {
  readonly baseline: AbBaseline;
  /** The minimum detectable effect; its sign is the hoped-for direction (ml/abtest `Effect`). */
  readonly mde: { readonly kind: 'absolute' | 'relative'; readonly value: number };
  readonly power: number;
  readonly alpha: number;
  readonly alternative: 'two-sided' | 'one-sided';
  /** The planned share of users in the treatment (the sample-ratio check reads it too). */
  readonly treatmentShare: number;
  /** Users a day who enter the test; null for no duration. */
  readonly dailyTraffic: number | null;
}

/** How the results table is read, once the test has run. */
export interface AbAnalysisConfig {
  readonly arm: string;
  /** 0/1: converted or not. */
  readonly converted: string;
  /** An optional per-user value (revenue), analysed as a mean with Welch's test; null for none. */
  readonly value: string | null;
  /** The control arm's name; '' to take the arm named control (or A, baseline). */
  readonly control: string;
  readonly values: AbValues;
  /** A seeded percentile bootstrap beside the closed-form intervals; null for none. */
  readonly bootstrap: { readonly resamples: number; readonly seed: number } | null;
}

export interface AbtestConfig {
  /** The results table; '' for a design only. */
  readonly input: string;
  readonly design: AbDesignConfig;
  readonly analysis: AbAnalysisConfig;
}

const share = v.pipe(
  v.number('is not a number'),
  v.finite('is not a finite number'),
  v.minValue(0, 'is below 0'),
  v.maxValue(1, 'is above 1'),
);
const money = v.pipe(v.number('is not a number'), v.finite('is not a finite number'));
const text = v.pipe(v.string('is not text'), v.trim());

export const DEFAULT_AB_DESIGN: AbDesignConfig = {
  baseline: { kind: 'brief' },
  mde: { kind: 'relative', value: 0.1 },
  power: 0.8,
  alpha: 0.05,
  alternative: 'two-sided',
  treatmentShare: 0.5,
  dailyTraffic: null,
};

export const DEFAULT_AB_ANALYSIS: AbAnalysisConfig = {
  arm: 'arm',
  converted: 'converted',
  value: null,
  control: '',
  values: { kind: 'brief' },
  bootstrap: null,
};

// Ranges are checked loosely here (a document with a half-typed MDE of 0 still opens); the
// runner refuses what the statistics cannot use, with a message that says what to change.
const designSchema = v.object({
  baseline: v.optional(
    v.variant('kind', [
      v.object({ kind: v.literal('brief') }),
      v.object({ kind: v.literal('typed'), rate: share }),
    ]),
    { kind: 'brief' },
  ),
  mde: v.optional(
    v.object({ kind: v.picklist(['absolute', 'relative'], 'is not absolute or relative'), value: money }),
    {
      ...DEFAULT_AB_DESIGN.mde,
    },
  ),
  power: v.optional(share, DEFAULT_AB_DESIGN.power),
  alpha: v.optional(share, DEFAULT_AB_DESIGN.alpha),
  alternative: v.optional(
    v.picklist(['two-sided', 'one-sided'], 'is not two-sided or one-sided'),
    'two-sided',
  ),
  treatmentShare: v.optional(share, DEFAULT_AB_DESIGN.treatmentShare),
  dailyTraffic: v.optional(v.nullable(v.pipe(money, v.minValue(0, 'is below 0'))), null),
});

const analysisSchema = v.object({
  arm: v.optional(text, DEFAULT_AB_ANALYSIS.arm),
  converted: v.optional(text, DEFAULT_AB_ANALYSIS.converted),
  value: v.optional(v.nullable(text), null),
  control: v.optional(text, ''),
  values: v.optional(
    v.variant('kind', [
      v.object({ kind: v.literal('brief') }),
      v.object({ kind: v.literal('typed'), converted: money, notConverted: money, treatmentCost: money }),
      v.object({ kind: v.literal('none') }),
    ]),
    { kind: 'brief' },
  ),
  bootstrap: v.optional(
    v.nullable(
      v.object({
        resamples: v.pipe(
          v.number('is not a number'),
          v.integer('is not a whole number'),
          v.minValue(100, 'is below 100'),
          v.maxValue(10_000, 'is above 10,000'),
        ),
        seed: v.pipe(
          v.number('is not a number'),
          v.integer('is not a whole number'),
          v.minValue(0, 'is below 0'),
        ),
      }),
    ),
    null,
  ),
});

const schema = v.object({
  input: v.optional(text, ''),
  design: v.optional(designSchema, { ...DEFAULT_AB_DESIGN }),
  analysis: v.optional(analysisSchema, { ...DEFAULT_AB_ANALYSIS }),
});

/** An A/B test of the model's decision: its design, and the analysis of its results table. */
export const abtest: KindFacts<AbtestConfig> = {
  title: (config) => (config.input === '' ? 'A/B test design' : `A/B test of ${config.input}`),
  defaults: () => ({ input: '', design: { ...DEFAULT_AB_DESIGN }, analysis: { ...DEFAULT_AB_ANALYSIS } }),
  restore: (raw, path) => {
    const config = parseAt(schema, raw, path);
    const value = config.analysis.value === '' ? null : config.analysis.value;
    return { input: config.input, design: config.design, analysis: { ...config.analysis, value } };
  },
  reads: (config) => ({ tables: inputTables(config.input) }),
  output: () => null,
  fingerprint: (config) => config,
  readsBrief: true,
  readsChampion: () => false,
  runs: true,
  cacheable: () => false,
  files: () => [],
  withFile: null,
};
