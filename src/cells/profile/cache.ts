import * as v from 'valibot';
import { parseRecipe } from '../../notebook/clean-validate';
import type { Recipe } from '../../notebook/clean-types';
import { readKept } from '../shared/cached-output';
import type { OutputCache } from '../unit';
import type { ProfileOutput } from './run';

/*
 * What the table cache keeps of a profile's run (src/cells/unit.ts `OutputCache`): the whole
 * profile, without a table, by the cell's fingerprint: its settings, the fingerprint of the table
 * it profiles (down to the sources' bytes) and the brief's time column it orders rows by
 * (`briefPart`). The profile is a pure function of them (its sample is seeded), and the costliest
 * cell of a reopened sample (about 4 s of queries here). Read back, every part is checked: one
 * that does not read as a profile makes the cell run.
 */

const num = v.number();
const maybe = v.nullable(num);
const texts = v.array(v.string());
const share = v.object({ label: v.string(), share: maybe });

const valueCount = { value: v.string(), count: num };
const column = v.object({
  name: v.string(),
  duckType: v.string(),
  kind: v.picklist(['numeric', 'text', 'boolean', 'temporal', 'other']),
  shouldBe: v.nullable(
    v.object({
      type: v.picklist(['DOUBLE', 'BIGINT', 'BOOLEAN', 'DATE', 'TIMESTAMP']),
      format: v.optional(v.string()),
      alsoMatches: v.optional(texts),
      share: num,
      failures: texts,
    }),
  ),
  count: num,
  missing: v.object({
    nulls: num,
    blanks: num,
    placeholders: v.array(v.object({ ...valueCount, review: v.optional(v.literal(true)) })),
  }),
  distinct: num,
  top: v.array(v.object(valueCount)),
  min: v.nullable(v.union([num, v.string()])),
  max: v.nullable(v.union([num, v.string()])),
  mean: maybe,
  std: maybe,
  quantiles: v.nullable(
    v.object({ p01: maybe, p05: maybe, p25: maybe, p50: maybe, p75: maybe, p95: maybe, p99: maybe }),
  ),
  histogram: v.nullable(v.array(v.object({ x0: num, x1: num, count: num }))),
  outliers: v.nullable(v.object({ lower: num, upper: num, below: num, above: num })),
  flags: v.object({
    constant: v.boolean(),
    allMissing: v.boolean(),
    idLike: v.boolean(),
    highCardinality: v.boolean(),
  }),
  targetRates: v.nullable(
    v.array(
      v.object({
        label: v.string(),
        bucket: v.picklist(['value', 'range', 'other', 'missing']),
        count: num,
        rate: maybe,
        mix: v.optional(v.array(share)),
      }),
    ),
  ),
  zeros: v.nullable(v.object({ zeros: num, negatives: num, minPositive: maybe, medianPositive: maybe })),
});

const target = v.variant('kind', [
  v.object({ column: v.string(), kind: v.literal('binary'), positiveLabel: v.string(), overallRate: maybe }),
  v.object({ column: v.string(), kind: v.literal('numeric'), mean: maybe }),
  v.object({
    column: v.string(),
    kind: v.literal('categorical'),
    classes: num,
    mix: v.optional(v.array(share)),
  }),
]);

/** A proposed cleaning step, read as a cell's steps are (parseRecipe); one that does not read fails the whole. */
const recipe = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }): Recipe => {
    const parsed = parseRecipe(dataset.value);
    if (parsed !== null) return parsed;
    addIssue({ message: 'is not a cleaning step' });
    return NEVER;
  }),
);

const issue = v.object({
  severity: v.picklist(['high', 'medium', 'low']),
  column: v.nullable(v.string()),
  code: v.picklist([
    'all-missing',
    'missing',
    'placeholders',
    'should-be-number',
    'should-be-boolean',
    'should-be-date',
    'constant',
    'id-like',
    'duplicate-rows',
    'duplicate-keys',
    'outliers',
    'near-duplicate-categories',
    'whitespace-or-case',
    'high-cardinality',
    'zeros-as-missing',
    'repeated-level',
    'informative-missing',
    'class-imbalance',
    'target-copy',
    'target-lag',
  ]),
  message: v.string(),
  rows: num,
  suggestions: v.array(recipe),
});

const keptSchema = v.object({
  table: v.string(),
  rowCount: num,
  sample: v.nullable(v.object({ rows: num, of: num, seed: num })),
  quantilesApproximate: v.boolean(),
  exactDuplicateRows: num,
  keyCandidates: v.array(v.object({ column: v.string(), duplicateKeys: num, nulls: num })),
  target: v.nullable(target),
  columns: v.array(column),
  issues: v.array(issue),
  queries: texts,
});

export const profileCache: OutputCache<'profile', ProfileOutput> = {
  withoutTable: true,
  keep: (output) => output.profile,
  restore: (raw, cell) => {
    const profile = readKept(keptSchema, raw);
    // The fingerprint names the table; a profile of another one is not this cell's.
    return profile === null || profile.table !== cell.config.input ? null : { kind: 'profile', profile };
  },
};
