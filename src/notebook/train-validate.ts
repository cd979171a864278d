import * as v from 'valibot';

/*
 * Validation of the configs of features and train cells, read back from storage or a file.
 * Numbers are checked for range: a learning rate of 0, an epoch count of -1 or a share of 2
 * never reach the worker.
 */

const finite = v.pipe(v.number('is not a number'), v.finite('is not a finite number'));
const positive = v.pipe(finite, v.gtValue(0, 'is not above 0'));
const whole = (min: number) =>
  v.pipe(v.number('is not a number'), v.integer('is not a whole number'), v.minValue(min, `is below ${min}`));
const seed = whole(0);
const share = v.pipe(finite, v.gtValue(0, 'is not above 0'), v.ltValue(1, 'is not below 1'));
const column = v.pipe(v.string('is not text'), v.trim(), v.nonEmpty('is empty'));
const task = v.picklist(['binary', 'multiclass', 'regression'], 'is not binary, multiclass or regression');
const depth = v.nullable(whole(1));

export const splitSpecSchema = v.variant(
  'kind',
  [
    v.object({ kind: v.literal('random'), validationShare: share, seed }),
    v.object({ kind: v.literal('stratified'), validationShare: share, seed }),
    v.object({ kind: v.literal('group'), column, validationShare: share, seed }),
    v.object({ kind: v.literal('time'), column, cutoff: v.string('is not text') }),
    v.object({ kind: v.literal('column'), column }),
  ],
  'is not a split',
);

export const modelSpecSchema = v.variant(
  'kind',
  [
    v.object({
      kind: v.literal('mlp'),
      task,
      hidden: v.array(whole(1), 'is not a list'),
      activation: v.picklist(['relu', 'tanh'], 'is not relu or tanh'),
      dropout: v.pipe(finite, v.minValue(0, 'is below 0'), v.ltValue(1, 'is not below 1')),
      learningRate: positive,
      batchSize: whole(1),
      epochs: whole(1),
      patience: whole(0),
      l2: v.pipe(finite, v.minValue(0, 'is below 0')),
      seed,
    }),
    v.object({ kind: v.literal('baseline'), task, seed }),
    v.object({ kind: v.literal('logistic'), C: positive, seed }),
    v.object({ kind: v.literal('linear'), alpha: v.pipe(finite, v.minValue(0, 'is below 0')), seed }),
    v.object({ kind: v.literal('tree'), task, maxDepth: depth, minSamplesLeaf: whole(1), seed }),
    v.object({
      kind: v.literal('gbdt'),
      task,
      learningRate: positive,
      maxIter: whole(1),
      maxLeafNodes: whole(2),
      maxDepth: depth,
      minSamplesLeaf: whole(1),
      l2: v.pipe(finite, v.minValue(0, 'is below 0')),
      earlyStopping: v.boolean('is not true or false'),
      seed,
    }),
  ],
  'is not a model',
);

export const searchSpecSchema = v.object({
  model: v.picklist(['mlp', 'baseline', 'logistic', 'linear', 'tree', 'gbdt'], 'is not a model kind'),
  method: v.picklist(['grid', 'random'], 'is not grid or random'),
  trials: whole(1),
  seed,
  params: v.array(
    v.object({ name: column, values: v.pipe(v.array(finite, 'is not a list'), v.nonEmpty('is empty')) }),
    'is not a list',
  ),
});

export const trainConfigSchema = v.object({
  input: v.optional(v.pipe(v.string('is not text'), v.trim()), ''),
  output: v.optional(column, 'predictions'),
  models: v.array(modelSpecSchema, 'is not a list'),
  backend: v.optional(v.picklist(['auto', 'webgpu', 'webgl', 'wasm', 'cpu'], 'is not a backend'), 'auto'),
  folds: v.optional(v.nullable(v.pipe(whole(2), v.maxValue(20, 'is above 20'))), null),
  search: v.optional(v.nullable(searchSpecSchema), null),
});
