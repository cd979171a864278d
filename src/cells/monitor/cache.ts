import * as v from 'valibot';
import { METRICS } from '../../notebook/metrics';
import { MULTICLASS_METRICS } from '../../ml/metrics';
import { MODEL_STAGES } from '../../notebook/registry';
import { factsOf } from '../../notebook/kinds';
import { keptTableResult, readKept } from '../shared/cached-output';
import type { OutputCache } from '../unit';
import type { MonitorOutput, RetrainSource } from './result';

/*
 * What the table cache keeps of a monitor's run (src/cells/unit.ts `OutputCache`): the whole
 * output, by the cell's fingerprint, which holds its settings, the fingerprints of the new rows
 * and the reference, the brief, and the champion when it watches "the champion" (a version
 * number names one bundle for good). Reopening a case then shows the drift, performance and
 * comparison without scoring every row again, the most expensive cell of the Late departures
 * sample (about 30 s here). The disagreements table, when it compares, is kept beside it as any
 * cached table is. Read back, every part is checked: one that does not read as a run's output
 * makes the cell run.
 */

const num = v.number();
const maybe = v.nullable(num);
const texts = v.array(v.string());
const record = v.record(v.string(), v.unknown());
const level = v.picklist(['stable', 'moderate', 'major']);
const thresholds = v.object({ moderate: num, major: num });
const task = v.picklist(['binary', 'multiclass', 'regression']);
const metric = v.picklist([...new Set([...METRICS.binary, ...METRICS.multiclass, ...METRICS.regression])]);

const psi = v.object({
  value: num,
  floor: num,
  bins: v.array(
    v.object({
      label: v.string(),
      reference: num,
      batch: num,
      referenceShare: num,
      batchShare: num,
      contribution: num,
    }),
  ),
});
const numericBins = v.object({
  kind: v.literal('numeric'),
  requested: num,
  planned: num,
  edges: v.array(num),
  referenceValues: num,
  note: v.nullable(v.string()),
});
const contingency = v.object({
  labels: texts,
  reference: v.array(num),
  batch: v.array(num),
  pooled: texts,
});
const featureTest = v.union([
  v.object({
    method: v.literal('ks'),
    statistic: num,
    pValue: num,
    adjustedPValue: num,
    significant: v.boolean(),
    pValueMethod: v.picklist(['exact', 'asymptotic']),
    nReference: num,
    nBatch: num,
  }),
  v.object({
    method: v.literal('chi-square'),
    statistic: num,
    df: num,
    pValue: num,
    adjustedPValue: num,
    significant: v.boolean(),
    table: contingency,
  }),
  v.object({ method: v.picklist(['ks', 'chi-square']), pValue: v.null(), reason: v.string() }),
]);
const batchDrift = v.object({
  features: v.array(
    v.object({
      name: v.string(),
      kind: v.picklist(['numeric', 'categorical']),
      psi,
      level,
      test: featureTest,
      missingShare: v.object({ reference: num, batch: num }),
      newCategories: v.array(v.object({ name: v.string(), count: num })),
      bins: v.nullable(numericBins),
      method: v.string(),
    }),
  ),
  level,
  alpha: num,
  thresholds,
  significant: texts,
  tests: num,
  multipleTestingNote: v.string(),
});
const chiSquare = v.union([
  v.object({ testable: v.literal(true), statistic: num, df: num, pValue: num, table: contingency }),
  v.object({ testable: v.literal(false), reason: v.string(), table: contingency }),
]);
const prediction = v.union([
  v.object({
    kind: v.literal('class-mix'),
    classes: texts,
    referenceCounts: v.array(num),
    batchCounts: v.array(num),
    referenceShares: v.array(num),
    batchShares: v.array(num),
    psi,
    chiSquare,
    level,
  }),
  v.object({
    psi,
    level,
    threshold: num,
    referenceShareAbove: num,
    batchShareAbove: num,
    bins: numericBins,
  }),
]);
const performance = v.variant('state', [
  v.object({ state: v.literal('waiting'), reason: v.string() }),
  v.object({
    state: v.literal('measured'),
    metric,
    value: maybe,
    lower: maybe,
    upper: maybe,
    level: num,
    labelled: num,
    valuePer1000: maybe,
    bar: maybe,
    clearsBar: v.nullable(v.boolean()),
    verdict: v.string(),
  }),
]);
const watched = v.object({
  version: num,
  stage: v.picklist(MODEL_STAGES),
  name: v.string(),
  sha256: v.string(),
  task,
  threshold: maybe,
  classes: v.optional(v.nullable(texts)),
  trainedOn: v.string(),
});
const summary = {
  rows: num,
  challenger: maybe,
  incumbent: maybe,
  difference: maybe,
  lower: maybe,
  upper: maybe,
  level: num,
  iterations: num,
  finding: v.string(),
};
const pair = v.object({ challenger: num, incumbent: num });
const comparisonResult = v.variant('kind', [
  v.object({
    kind: v.literal('binary'),
    ...summary,
    valuePer1000: v.nullable(pair),
    disagreements: v.array(
      v.object({
        rowId: num,
        y: num,
        challengerScore: num,
        incumbentScore: num,
        challengerActs: v.boolean(),
        incumbentActs: v.boolean(),
      }),
    ),
  }),
  v.object({
    kind: v.literal('multiclass'),
    ...summary,
    metric: v.picklist(MULTICLASS_METRICS),
    valuePer1000: pair,
    disagreements: v.array(
      v.object({
        rowId: num,
        y: num,
        challengerClass: num,
        incumbentClass: num,
        challengerProbability: num,
        incumbentProbability: num,
      }),
    ),
  }),
]);

const keptSchema = v.object({
  model: watched,
  reference: v.object({ table: v.string(), rows: num }),
  batches: v.array(
    v.object({
      label: v.string(),
      rows: num,
      drift: batchDrift,
      prediction,
      performance,
      labels: v.nullable(v.object({ labelled: num, positive: num })),
      level,
    }),
  ),
  alerts: v.array(v.object({ batch: v.string(), level: v.picklist(['watch', 'act']), text: v.string() })),
  notes: texts,
  thresholds,
  comparison: v.nullable(
    v.object({
      challenger: watched,
      batch: v.string(),
      labelled: num,
      excluded: num,
      result: comparisonResult,
      table: v.unknown(),
    }),
  ),
  featureSql: v.string(),
  retrain: v.union([v.string(), v.object({ features: record, train: record })]),
});

/** The specs "Retrain on recent data" repeats, read back as the document's cells are; null when they do not read. */
function keptRetrain(raw: {
  features: Readonly<Record<string, unknown>>;
  train: Readonly<Record<string, unknown>>;
}): RetrainSource | null {
  const warnings: string[] = [];
  try {
    const features = factsOf('features').restore(raw.features, 'retrain.features', warnings);
    const train = factsOf('train').restore(raw.train, 'retrain.train', warnings);
    // A spec that had to be repaired is not what the run used.
    return warnings.length === 0 ? { features, train } : null;
  } catch {
    // A spec that no longer reads (an older app's): the cell runs and records it again.
    return null;
  }
}

export const monitorCache: OutputCache<'monitor', MonitorOutput> = {
  withoutTable: true,
  keep: (output) => output,
  restore: (raw, cell) => {
    const kept = readKept(keptSchema, raw);
    if (kept === null) return null;
    const c = kept.comparison;
    // The disagreements table is the cached table: it must be the one this cell writes now.
    const table = c === null || c.table === null ? null : keptTableResult(c.table, cell.config.disagreements);
    if (c !== null && c.table !== null && table === null) return null;
    const retrain = typeof kept.retrain === 'string' ? kept.retrain : keptRetrain(kept.retrain);
    if (retrain === null) return null;
    return {
      kind: 'monitor',
      ...kept,
      comparison: c === null ? null : { ...c, table },
      retrain,
    };
  },
};
