import * as v from 'valibot';
import { featureSpecSchema } from '../../notebook/feature-validate';
import { splitSpecSchema } from '../../notebook/train-validate';
import type { OutputCache } from '../unit';
import { keptTableResult, readKept } from '../shared/cached-output';
import type { FeaturesOutput } from './result';

const measure = v.nullable(v.number());
const assistSchema = v.object({
  target: v.string(),
  positive: v.nullable(v.string()),
  rows: v.number(),
  columns: v.array(
    v.object({
      column: v.string(),
      type: v.string(),
      role: v.picklist(['numeric', 'temporal', 'categorical']),
      missingRate: v.number(),
      distinct: v.number(),
      measure: v.picklist(['auc', 'abs-corr']),
      value: measure,
      strength: measure,
    }),
  ),
  warnings: v.array(
    v.object({
      column: v.string(),
      kind: v.picklist([
        'predicts-alone',
        'post-outcome-time',
        'id-like',
        'post-outcome-name',
        'all-missing',
      ]),
      severity: v.picklist(['high', 'medium', 'low']),
      message: v.string(),
    }),
  ),
});
const keptSchema = v.object({
  result: v.unknown(),
  spec: featureSpecSchema,
  featureNames: v.array(v.string()),
  split: v.object({ spec: splitSpecSchema, train: v.number(), validation: v.number() }),
  assist: assistSchema,
  sql: v.string(),
  hasRuleBaseline: v.boolean(),
});

/**
 * A features cell keeps its whole output: the spec as fitted on the training rows, the split's
 * sizes and the assist (missing rates, strengths, leakage warnings) come from queries over the
 * split rows, which is most of the run; the table itself is in the cache beside them.
 */
export const featuresCache: OutputCache<'features', FeaturesOutput> = {
  keep: ({ result, spec, featureNames, split, assist, sql, hasRuleBaseline }) => ({
    result,
    spec,
    featureNames,
    split,
    assist,
    sql,
    hasRuleBaseline,
  }),
  restore: (raw, cell) => {
    const kept = readKept(keptSchema, raw);
    const result = kept && keptTableResult(kept.result, cell.config.output);
    if (!kept || !result) return null;
    return { kind: 'features', ...kept, result };
  },
};
