import * as v from 'valibot';
import { METRICS } from '../metrics';
import { MAX_CATEGORIES } from './types';

/*
 * The schema of a bundle file, strict: every object refuses keys it does not know, every text
 * and list is bounded, and the feature spec admits only the fitted-feature grammar — column names
 * (identifiers: no control characters), category texts, numbers and the encodings' own words.
 * Nothing in a bundle is SQL that runs: the feature SQL is generated from this spec, and every
 * text reaches it through `quoteIdent` / `quoteLiteral` (src/data/sql.ts).
 */

export const LIMITS = {
  /** A whole bundle file. A 1,000 × 1,000 network or 2,000 trees of 255 leaves fit well inside. */
  bytes: 128 * 1024 * 1024,
  /** Nesting of JSON values: the deepest bundle nests about 8. */
  depth: 32,
  /** Items of any one list (a large network's kernel). */
  items: 4_000_000,
  /** A column or table name. */
  name: 1_000,
  /** A category or other short text. */
  text: 10_000,
  /** Long text: the preparation SQL of one table, the feature SQL. */
  sql: 4 * 1024 * 1024,
  features: 100_000,
  exampleRows: 100,
} as const;

/** A name that becomes a quoted identifier: not empty, no control characters (no line breaks, no NUL). */
const name = v.pipe(
  v.string('is not text'),
  v.minLength(1, 'is empty'),
  v.maxLength(LIMITS.name, `is longer than ${LIMITS.name} characters`),
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  v.regex(/^[^\u0000-\u001f\u007f]*$/, 'holds a control character'),
);
/** A value that becomes a quoted literal: bounded, no NUL. */
const literal = v.pipe(
  v.string('is not text'),
  v.maxLength(LIMITS.text, `is longer than ${LIMITS.text} characters`),
  // eslint-disable-next-line no-control-regex -- refusing NUL is the point
  v.regex(/^[^\u0000]*$/, 'holds a NUL character'),
);
const text = (max: number) =>
  v.pipe(v.string('is not text'), v.maxLength(max, `is longer than ${max} characters`));
const list = <S extends v.GenericSchema>(item: S, max: number) =>
  v.pipe(v.array(item, 'is not a list'), v.maxLength(max, `has more than ${max} items`));
const finite = v.pipe(v.number('is not a number'), v.finite('is not a finite number'));
const whole = (min: number) =>
  v.pipe(v.number('is not a number'), v.integer('is not a whole number'), v.minValue(min, `is below ${min}`));
const sha256 = v.pipe(v.string('is not text'), v.regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex'));
const task = v.picklist(['binary', 'multiclass', 'regression'], 'is not binary, multiclass or regression');
const flag = v.optional(v.boolean('is not true or false'));
const nothing = v.optional(v.strictObject({}, 'should be empty'));
const allMetrics = [...new Set([...METRICS.binary, ...METRICS.multiclass, ...METRICS.regression])];
/** Multiclass: at most this many classes (the brief's limit). */
const MAX_CLASSES = 50;
const classList = v.pipe(
  list(literal, MAX_CLASSES),
  v.minLength(2, 'has fewer than 2 classes'),
  v.check((classes) => new Set(classes).size === classes.length, 'names a class twice'),
);

const numeric = v.strictObject({
  encoding: v.literal('numeric'),
  column: name,
  impute: v.optional(v.nullable(v.picklist(['mean', 'median', 'zero'], 'is not mean, median or zero'))),
  indicator: flag,
  standardise: flag,
  log: flag,
  fitted: v.strictObject({
    fill: v.nullable(finite),
    mean: finite,
    std: v.pipe(finite, v.minValue(0, 'is negative')),
  }),
});

const oneHot = v.strictObject({
  encoding: v.literal('one-hot'),
  column: name,
  topK: v.pipe(whole(1), v.maxValue(LIMITS.features, 'is too large')),
  other: v.boolean('is not true or false'),
  missing: v.picklist(['category', 'ignore', 'mode'], 'is not category, ignore or mode'),
  fitted: v.strictObject({ categories: list(literal, LIMITS.features), fill: v.optional(literal) }),
});

const ordinal = v.strictObject({
  encoding: v.literal('ordinal'),
  column: name,
  order: v.pipe(list(literal, LIMITS.features), v.nonEmpty('is empty')),
  fitted: nothing,
});

const dateParts = v.strictObject({
  encoding: v.literal('date-parts'),
  column: name,
  parts: v.pipe(
    list(v.picklist(['year', 'month', 'dow', 'day', 'hour', 'doy'], 'is not a date part'), 6),
    v.nonEmpty('is empty'),
  ),
  cyclic: v.optional(v.boolean('is not true or false')),
  fitted: nothing,
});

const bucket = v.strictObject({
  encoding: v.literal('bucket'),
  column: name,
  bins: v.pipe(whole(2), v.maxValue(LIMITS.features, 'is too large')),
  method: v.picklist(['quantile', 'uniform'], 'is not quantile or uniform'),
  fitted: v.strictObject({
    edges: v.pipe(
      list(finite, LIMITS.features),
      v.check((edges) => edges.every((e, i) => i === 0 || e > (edges[i - 1] ?? e)), 'is not ascending'),
    ),
  }),
});

const boolean = v.strictObject({ encoding: v.literal('boolean'), column: name, fitted: nothing });

/** A fitted feature spec: every encoding's learned values present, nothing else. */
export const fittedSpecSchema = v.strictObject({
  target: name,
  task,
  positive: v.optional(literal),
  classes: v.optional(classList),
  features: v.pipe(
    list(
      v.variant('encoding', [numeric, oneHot, ordinal, dateParts, bucket, boolean], 'is not an encoding'),
      LIMITS.features,
    ),
    v.nonEmpty('is empty'),
    v.check(
      (features) =>
        features.every(
          (f) =>
            (f.encoding !== 'numeric' || f.impute == null || f.fitted.fill !== null) &&
            (f.encoding !== 'one-hot' || f.missing !== 'mode' || f.fitted.fill !== undefined),
        ),
      'has an imputed column without its fill value',
    ),
  ),
});

const range = v.pipe(
  v.strictObject({ min: finite, max: finite }),
  v.check((r) => r.min <= r.max, 'has min above max'),
);

const inputColumn = v.strictObject({
  name,
  // Compared with DESCRIBE's types, never written into SQL: INTEGER, DECIMAL(18,3), TIMESTAMP WITH TIME ZONE.
  type: v.pipe(
    text(200),
    v.regex(/^[A-Z][A-Z0-9_]*(\(\d+(, ?\d+)?\))?( WITH TIME ZONE)?(\[\])?$/, 'is not a DuckDB type name'),
  ),
  nulls: whole(0),
  number: v.optional(v.nullable(range)),
  text: v.optional(
    v.strictObject({ categories: v.nullable(list(literal, MAX_CATEGORIES)), distinct: whole(0) }),
  ),
  time: v.optional(v.nullable(v.strictObject({ min: text(40), max: text(40) }))),
  boolean: v.optional(v.literal(true)),
});

const exampleValue = v.union(
  [v.nullable(literal), finite, v.boolean()],
  'is not text, a finite number, true/false or null',
);

const inputSchema = v.strictObject({
  table: name,
  rows: whole(0),
  columns: v.pipe(list(inputColumn, LIMITS.features), v.nonEmpty('is empty')),
  example: v.strictObject({
    columns: list(name, LIMITS.features),
    rows: list(list(exampleValue, LIMITS.features), LIMITS.exampleRows),
  }),
});

const outcomeValues = v.strictObject({ tp: finite, fp: finite, tn: finite, fn: finite });

const decision = v.strictObject({
  task,
  positive: v.nullable(literal),
  threshold: v.nullable(finite),
  values: v.nullable(outcomeValues),
  unitCost: v.nullable(v.strictObject({ over: finite, under: finite })),
  costs: v.optional(list(list(finite, MAX_CLASSES), MAX_CLASSES)),
});

export const evaluationSchema = v.strictObject({
  metric: v.picklist(allMetrics, 'is not a metric'),
  value: v.nullable(finite),
  lower: v.nullable(finite),
  upper: v.nullable(finite),
  level: v.pipe(finite, v.gtValue(0, 'is not above 0'), v.ltValue(1, 'is not below 1')),
  rows: whole(0),
  threshold: v.nullable(finite),
  valuePer1000: v.nullable(finite),
  bar: v.nullable(finite),
  clearsBar: v.nullable(v.boolean('is not true or false')),
  verdict: list(text(LIMITS.text), 100),
});

const model = v.strictObject({
  name: text(LIMITS.name),
  version: v.nullable(whole(1)),
  kind: v.picklist(['mlp', 'baseline', 'logistic', 'linear', 'tree', 'gbdt'], 'is not a model kind'),
  task,
  featureNames: v.pipe(list(name, LIMITS.features), v.nonEmpty('is empty')),
  classes: v.optional(classList),
  /** Read by `parseArtifactModel` (src/notebook/run-validate.ts) after this schema. */
  artifact: v.unknown(),
});

const lineage = v.strictObject({
  caseId: text(200),
  caseTitle: text(LIMITS.text),
  runId: text(200),
  runLabel: text(LIMITS.name),
  trainedAt: text(40),
  trainedWith: text(100),
  dataFingerprint: v.nullable(sha256),
  sources: list(v.strictObject({ table: name, fileName: text(LIMITS.name), sha256 }), 1_000),
  preparation: list(v.strictObject({ table: name, label: text(LIMITS.name), sql: text(LIMITS.sql) }), 1_000),
});

/** The whole file, after its format and version were read and its hash checked. */
export const bundleSchema = v.strictObject({
  format: v.literal('casebook-model-bundle'),
  formatVersion: v.picklist([1, 2], 'is not 1 or 2'),
  sha256,
  createdAt: text(40),
  appVersion: text(100),
  model,
  features: v.strictObject({ spec: fittedSpecSchema, sql: text(LIMITS.sql) }),
  input: inputSchema,
  decision,
  evaluation: v.nullable(evaluationSchema),
  metrics: v.record(v.picklist(allMetrics, 'is not a metric'), v.nullable(finite)),
  lineage,
});
