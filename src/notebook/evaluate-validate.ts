import * as v from 'valibot';
import { DEFAULT_BOOTSTRAP } from './evaluate-types';

/*
 * Validation of an evaluate cell's config read back from storage or a file: a threshold outside
 * [0, 1] or a bootstrap of 3 resamples never reaches the runner.
 */

const text = v.pipe(v.string('is not text'), v.trim());
const runId = v.nullable(v.pipe(text, v.nonEmpty('is empty')));

export const bootstrapSpecSchema = v.object({
  resamples: v.pipe(
    v.number('is not a number'),
    v.integer('is not a whole number'),
    v.minValue(100, 'is below 100'),
    v.maxValue(10_000, 'is above 10,000'),
  ),
  seed: v.pipe(v.number('is not a number'), v.integer('is not a whole number'), v.minValue(0, 'is below 0')),
});

export const evaluateConfigSchema = v.object({
  input: v.optional(text, ''),
  threshold: v.optional(
    v.nullable(
      v.pipe(
        v.number('is not a number'),
        v.finite('is not a finite number'),
        v.minValue(0, 'is below 0'),
        v.maxValue(1, 'is above 1'),
      ),
    ),
    null,
  ),
  slices: v.optional(
    v.pipe(
      v.array(v.pipe(text, v.nonEmpty('is empty')), 'is not a list'),
      v.transform((columns) => [...new Set(columns)]),
    ),
    [],
  ),
  bootstrap: v.optional(bootstrapSpecSchema, { ...DEFAULT_BOOTSTRAP }),
  model: v.optional(runId, null),
  champion: v.optional(runId, null),
});
