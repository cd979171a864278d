import * as v from 'valibot';
import { MULTICLASS_METRICS } from '../../ml/metrics';
import { tableDigest } from '../../data/table-digest';
import { METRICS } from '../../notebook/metrics';
import { readKept } from '../shared/cached-output';
import type { OutputCache } from '../unit';
import type { EvaluateOutput } from './result';

/*
 * What the table cache keeps of an evaluate cell's run (src/cells/unit.ts `OutputCache`): the
 * whole output, without a table. Its fingerprint holds its settings, the brief (with the chain of
 * the brief's table, which the slices read) and the train cell's fingerprint; but the
 * predictions it judges are written from the train cell's stored batch, which that fingerprint
 * does not name (a batch deleted and trained again gives other runs). So a digest of the
 * predictions table is kept too, and the output is restored only while the table is the one it
 * judged. Bootstrapping every run again was its cost on a reopen (1-2 s on the sample). Read back,
 * every part is checked: one that does not read as an evaluation makes the cell run.
 */

const num = v.number();
const maybe = v.nullable(num);
const texts = v.array(v.string());
const doubles = v.instance(Float64Array);
const metric = v.picklist([...new Set([...METRICS.binary, ...METRICS.multiclass, ...METRICS.regression])]);
const evalMetricKey = v.picklist([
  ...new Set([
    ...METRICS.binary,
    ...METRICS.regression,
    ...MULTICLASS_METRICS,
    'precision',
    'recall',
  ] as const),
]);

const estimate = v.object({
  value: maybe,
  lower: maybe,
  upper: maybe,
  undefinedBecause: v.nullable(v.string()),
});
const confusion = v.object({ tp: num, fp: num, tn: num, fn: num });
const calibration = v.array(v.object({ fractionPositive: num, meanPredicted: num, count: num }));
const valuePoint = v.object({
  threshold: maybe,
  tp: num,
  fp: num,
  tn: num,
  fn: num,
  actedShare: num,
  total: num,
  perThousand: num,
});
const cost = v.object({
  total: num,
  perCase: num,
  perThousand: num,
  overCount: num,
  underCount: num,
  overCost: num,
  underCost: num,
});
const averaged = v.object({ precision: num, recall: num, f1: num });
const curve = {
  roc: v.object({ fpr: doubles, tpr: doubles }),
  pr: v.object({ recall: doubles, precision: doubles }),
};

const sliceRow = { slice: v.string(), count: num, tooFewRows: v.boolean() };
const sliceReport = v.variant('kind', [
  v.object({
    kind: v.literal('classification'),
    rows: v.array(
      v.object({
        ...sliceRow,
        positives: num,
        auc: maybe,
        aucUndefined: v.nullable(v.picklist(['one-class', 'no-positives', 'no-negatives'])),
        accuracy: num,
        precision: num,
        recall: num,
        f1: num,
      }),
    ),
  }),
  v.object({
    kind: v.literal('regression'),
    rows: v.array(v.object({ ...sliceRow, mae: num, rmse: num, meanResidual: num })),
  }),
  v.object({
    kind: v.literal('multiclass'),
    rows: v.array(
      v.object({
        ...sliceRow,
        metric: v.picklist(MULTICLASS_METRICS),
        value: num,
        fallback: v.boolean(),
        accuracy: num,
      }),
    ),
  }),
]);

const runBase = {
  id: v.string(),
  label: v.string(),
  role: v.picklist(['baseline', 'rule', 'model', 'trial']),
  metrics: v.record(evalMetricKey, estimate),
  slices: v.array(v.object({ column: v.string(), binned: v.boolean(), report: sliceReport })),
};

const run = v.variant('kind', [
  v.object({
    ...runBase,
    kind: v.literal('binary'),
    probabilities: v.boolean(),
    threshold: maybe,
    thresholdSource: v.picklist(['cell', 'best-value', 'default', 'rule']),
    confusion,
    ...curve,
    calibration: v.nullable(calibration),
    deciles: v.array(
      v.object({
        decile: num,
        count: num,
        positives: num,
        positiveRate: num,
        lift: maybe,
        cumulativeGain: maybe,
        cumulativeLift: maybe,
        minScore: num,
      }),
    ),
    value: v.object({
      points: v.array(valuePoint),
      best: valuePoint,
      atThreshold: valuePoint,
      doNothing: valuePoint,
      actOnAll: valuePoint,
    }),
  }),
  v.object({
    ...runBase,
    kind: v.literal('regression'),
    residuals: v.object({
      count: num,
      mean: num,
      std: num,
      min: num,
      p05: num,
      median: num,
      p95: num,
      max: num,
      meanAbsolute: num,
    }),
    prediction: doubles,
    residual: doubles,
    cost,
  }),
  v.object({
    ...runBase,
    kind: v.literal('multiclass'),
    classes: texts,
    perClass: v.array(v.object({ class: v.string(), precision: num, recall: num, f1: num, support: num })),
    curves: v.array(
      v.object({
        class: v.string(),
        support: num,
        ...curve,
        rocAuc: maybe,
        averagePrecision: maybe,
        calibration,
      }),
    ),
    confusion: v.object({ counts: v.array(v.array(num)), normalized: v.array(v.array(num)) }),
    decided: v.object({ macro: averaged, weighted: averaged, accuracy: num }),
    value: v.object({
      rule: v.picklist(['arg-max', 'min-expected-cost']),
      costPerThousand: num,
      bestConstant: v.object({ class: v.string(), costPerThousand: num }),
    }),
  }),
]);

const verdict = v.object({
  id: v.string(),
  label: v.string(),
  metric,
  estimate,
  bar: maybe,
  clearsBar: v.nullable(v.boolean()),
  comparisons: v.array(
    v.object({
      against: v.picklist(['baseline', 'rule', 'champion']),
      id: v.string(),
      label: v.string(),
      test: v.object({
        estimateA: maybe,
        estimateB: maybe,
        difference: maybe,
        lower: maybe,
        upper: maybe,
        pValue: maybe,
        level: num,
        iterations: num,
        skipped: num,
      }),
      better: v.nullable(v.boolean()),
      significant: v.nullable(v.boolean()),
    }),
  ),
  value: v.nullable(
    v.object({
      chosen: valuePoint,
      doNothing: valuePoint,
      actOnAll: valuePoint,
      baseline: v.nullable(valuePoint),
      rule: v.nullable(valuePoint),
    }),
  ),
  cost: v.nullable(v.object({ chosen: cost, baseline: v.nullable(cost) })),
  classCost: v.optional(v.nullable(v.object({ chosen: num, baseline: maybe }))),
  sentences: texts,
});

const keptSchema = v.object({
  kind: v.literal('evaluate'),
  input: v.string(),
  task: v.picklist(['binary', 'multiclass', 'regression']),
  metric,
  bar: maybe,
  rows: num,
  positives: maybe,
  classes: v.optional(v.nullable(texts)),
  valued: v.boolean(),
  runs: v.array(run),
  verdict: v.nullable(verdict),
  bootstrap: v.object({ resamples: num, seed: num, level: num }),
  notices: texts,
  record: v.optional(v.nullable(v.object({ id: v.string(), evaluatedAt: v.string() }))),
});

export const evaluateCache: OutputCache<'evaluate', EvaluateOutput> = {
  withoutTable: true,
  keep: (output) => output,
  restore: (raw, cell) => {
    const kept = readKept(keptSchema, raw);
    // The fingerprint names the predictions table; an evaluation of another one is not this cell's.
    return kept === null || kept.input !== cell.config.input ? null : kept;
  },
  digest: (cell, engine) => tableDigest(engine, cell.config.input),
};
