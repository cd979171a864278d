import * as v from 'valibot';
import type { OutputCache } from '../unit';
import { keptTableResult, readKept } from '../shared/cached-output';
import type { CleanOutput } from './run';

const count = v.number();
const stepReportSchema = v.object({
  stepId: v.string(),
  enabled: v.boolean(),
  rowsBefore: count,
  rowsAfter: count,
  column: v.nullable(v.string()),
  valuesChanged: v.nullable(count),
  failed: v.nullable(
    v.object({
      count,
      nonNullBefore: count,
      fraction: v.number(),
      examples: v.array(v.object({ value: v.string(), count })),
    }),
  ),
});
const keptSchema = v.object({ result: v.unknown(), sql: v.string(), reports: v.array(stepReportSchema) });

/**
 * A clean cell keeps its table result, its SQL and its step reports. What it learned is in its
 * config already (the runtime saved it), so a restored output has learned nothing new.
 */
export const cleanCache: OutputCache<'clean', CleanOutput> = {
  keep: ({ result, sql, reports }) => ({ result, sql, reports }),
  restore: (raw, cell) => {
    const kept = readKept(keptSchema, raw);
    const result = kept && keptTableResult(kept.result, cell.config.output);
    if (!kept || !result || kept.reports.length !== cell.config.steps.length) return null;
    return { kind: 'clean', result, sql: kept.sql, reports: kept.reports, learnedSteps: null };
  },
};
