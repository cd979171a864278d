import * as v from 'valibot';
import { AppError, errorMessage } from '../lib/errors';
import { parseModel } from '../ml/models';
import { featureSpecSchema } from './feature-validate';
import { asCaseId, asCellId, asRunId } from './ids';
import { migrateCase, restoreCase } from './restore';
import {
  MAX_NOTE_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  type LineageLink,
  type RunLineage,
  type RunNotes,
  type StoredMlp,
  type StoredModel,
} from './runs';
import { modelSpecSchema, trainConfigSchema } from './train-validate';
import { METRICS } from './metrics';

/*
 * Stored runs read back from an imported file: every field checked and rebuilt into a fresh
 * object (valibot's `object` keeps only the known keys), each text bounded so that a hostile file
 * cannot smuggle megabytes into a label. The typed arrays (scores, row ids) come from the file's
 * binary sections and are checked by the reader (`storage/workspace-file.ts`).
 */

const text = (max: number) =>
  v.pipe(v.string('is not text'), v.maxLength(max, `is longer than ${max} characters`));
const id = v.pipe(text(200), v.nonEmpty('is empty'));
const runId = v.pipe(id, v.transform(asRunId));
const cellId = v.pipe(id, v.transform(asCellId));
const time = text(40);
const sha256 = v.pipe(v.string('is not text'), v.regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex'));
/** Any number, NaN included: a loss curve may hold one where a network diverged. */
const anyNumber = v.custom<number>((x) => typeof x === 'number', 'is not a number');
const whole = (min: number) =>
  v.pipe(v.number('is not a number'), v.integer('is not a whole number'), v.minValue(min, `is below ${min}`));
const backendName = v.picklist(['webgpu', 'webgl', 'wasm', 'cpu'], 'is not a backend');
const allMetrics = [...new Set([...METRICS.binary, ...METRICS.multiclass, ...METRICS.regression])];
const LONG_TEXT = 1 << 20;

const backendReport = v.object({
  backend: backendName,
  setup: v.optional(text(200)),
  reason: text(2_000),
  available: v.pipe(v.array(backendName, 'is not a list'), v.maxLength(8, 'is too long')),
});

const framing = v.object({
  task: v.picklist(['binary', 'multiclass', 'regression'], 'is not binary, multiclass or regression'),
  metric: v.picklist(allMetrics, 'is not a metric'),
  bar: v.nullable(anyNumber),
  baseline: v.variant('kind', [
    v.object({ kind: v.literal('majority') }),
    v.object({ kind: v.literal('mean') }),
    v.object({ kind: v.literal('rule'), sql: text(LONG_TEXT) }),
  ]),
});

const linkSchema = v.object({
  cell: v.unknown(),
  fingerprint: text(64),
  upstream: v.pipe(v.array(cellId, 'is not a list'), v.maxLength(1_000, 'is too long')),
  fitted: v.nullable(featureSpecSchema),
  sql: v.nullable(text(LONG_TEXT)),
});

export const runBatchSchema = v.object({
  id,
  caseId: v.pipe(id, v.transform(asCaseId)),
  cellId,
  key: sha256,
  startedAt: time,
  finishedAt: time,
  appVersion: text(100),
  config: trainConfigSchema,
  framing,
  lineage: v.object({
    links: v.pipe(v.array(linkSchema, 'is not a list'), v.maxLength(1_000, 'is too long')),
  }),
  data: v.object({
    input: text(1_000),
    output: text(1_000),
    fingerprint: sha256,
    splitFingerprint: sha256,
    featureNames: v.pipe(v.array(text(1_000), 'is not a list'), v.maxLength(100_000, 'is too long')),
    rows: v.object({ train: whole(0), validation: whole(0) }),
    classes: v.optional(v.pipe(v.array(text(1_000), 'is not a list'), v.maxLength(50, 'is too long'))),
  }),
  backends: v.nullable(backendReport),
  runIds: v.pipe(v.array(runId, 'is not a list'), v.maxLength(100_000, 'is too long')),
  best: v.nullable(runId),
});

const coefficient = v.object({ feature: text(1_000), value: anyNumber });

export const storedRunSchema = v.object({
  id: runId,
  batchId: id,
  index: whole(0),
  startedAt: time,
  label: text(1_000),
  role: v.picklist(['baseline', 'rule', 'model', 'trial'], 'is not a run role'),
  group: v.nullable(text(1_000)),
  spec: v.nullable(modelSpecSchema),
  params: v.nullable(v.record(text(100), anyNumber)),
  status: v.picklist(
    ['done', 'failed', 'cancelled', 'interrupted'],
    'is not done, failed, cancelled or interrupted',
  ),
  message: v.nullable(text(10_000)),
  backend: v.nullable(backendReport),
  durationMs: anyNumber,
  metrics: v.record(v.picklist(allMetrics, 'is not a metric'), v.nullable(anyNumber)),
  trainMetric: v.nullable(anyNumber),
  cv: v.nullable(
    v.object({
      folds: whole(0),
      values: v.pipe(v.array(v.nullable(anyNumber), 'is not a list'), v.maxLength(100, 'is too long')),
      mean: v.nullable(anyNumber),
      std: v.nullable(anyNumber),
    }),
  ),
  curve: v.pipe(
    v.array(
      v.object({ step: anyNumber, loss: anyNumber, validationLoss: v.nullable(anyNumber) }),
      'is not a list',
    ),
    v.maxLength(1_000_000, 'is too long'),
  ),
  detail: v.object({
    coefficients: v.optional(v.array(coefficient, 'is not a list')),
    intercept: v.optional(anyNumber),
    rules: v.optional(v.array(text(10_000), 'is not a list')),
    iterations: v.optional(whole(0)),
    stoppedEarly: v.optional(v.boolean('is not true or false')),
    bestEpoch: v.optional(whole(0)),
  }),
});

const tagList = v.pipe(
  v.array(v.pipe(text(MAX_TAG_LENGTH), v.nonEmpty('is empty')), 'is not a list'),
  v.maxLength(MAX_TAGS, `has more than ${MAX_TAGS} tags`),
);

export const runNotesSchema = v.object({
  runId,
  tags: tagList,
  note: text(MAX_NOTE_LENGTH),
  hiddenAt: v.nullable(time),
  updatedAt: time,
});

export const runDeletionSchema = v.object({
  runId,
  batchId: id,
  caseId: v.pipe(id, v.transform(asCaseId)),
  deletedAt: time,
});

const mlpArtifactSchema = v.object({
  kind: v.literal('mlp'),
  spec: modelSpecSchema,
  inputs: whole(1),
  layers: v.array(
    v.object({
      units: whole(1),
      kernel: v.array(anyNumber, 'is not a list'),
      bias: v.array(anyNumber, 'is not a list'),
    }),
    'is not a list',
  ),
  // Early stopping's inner split (MlpHoldout); absent in networks stored before it, null without.
  holdout: v.optional(
    v.nullable(
      v.object({
        fraction: anyNumber,
        seed: anyNumber,
        stratified: v.boolean('is not true or false'),
        trainRows: whole(0),
        validationRows: whole(0),
      }),
    ),
  ),
});

type Issues = [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]];

function where(base: string, issues: Issues): string {
  let out = base;
  for (const item of issues[0].path ?? []) {
    const key: unknown = item.key;
    out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return `${out} ${issues[0].message}`;
}

/** Parses `raw` with `schema`, or throws AppError('invalid-document') naming the first bad field under `path`. */
export function parseRecord<S extends v.GenericSchema>(
  schema: S,
  raw: unknown,
  path: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, raw);
  if (result.success) return result.output;
  throw new AppError('invalid-document', `${where(path, result.issues)}.`);
}

/** A stored model: the TypeScript models through `parseModel`, a network through its schema. */
export function parseArtifactModel(raw: unknown, path: string): StoredModel {
  if (raw !== null && typeof raw === 'object' && Reflect.get(raw, 'kind') === 'mlp') {
    const mlp = parseRecord(mlpArtifactSchema, raw, path);
    if (mlp.spec.kind !== 'mlp')
      throw new AppError('invalid-document', `${path}.spec is not a network's spec.`);
    const artifact: StoredMlp = { ...mlp, spec: mlp.spec };
    const problem = mlpLayersProblem(artifact);
    if (problem !== null) throw new AppError('invalid-document', `${path}: the network ${problem}.`);
    return artifact;
  }
  try {
    return parseModel(raw);
  } catch (e: unknown) {
    throw new AppError('invalid-document', `${path}: ${errorMessage(e)}`, { cause: e });
  }
}

/**
 * What keeps a stored network from being the one its spec describes, or null: one dense layer per
 * hidden layer of the spec, then the output, each taking the previous one's units. A file that
 * lists a thousand hidden layers over weights for one would score nothing, or the wrong thing.
 */
function mlpLayersProblem({ spec, inputs, layers }: StoredMlp): string | null {
  if (layers.length !== spec.hidden.length + 1) {
    return `has ${layers.length} layers where its spec has ${spec.hidden.length} hidden layers and the output`;
  }
  let fanIn = inputs;
  for (const [i, layer] of layers.entries()) {
    const units = spec.hidden[i];
    if (units !== undefined && layer.units !== units)
      return `layer ${i} has ${layer.units} units where its spec has ${units}`;
    if (layer.kernel.length !== fanIn * layer.units || layer.bias.length !== layer.units)
      return `layer ${i} does not hold ${fanIn} × ${layer.units} weights and ${layer.units} biases`;
    fanIn = layer.units;
  }
  return null;
}

/**
 * A lineage read back: each link's cell goes through `restoreCase(migrateCase(…))` as a case's
 * cells do, and must come out unchanged in number and without repairs.
 */
export function parseLineage(links: readonly v.InferOutput<typeof linkSchema>[], path: string): RunLineage {
  const restored = restoreCase(
    migrateCase({
      schemaVersion: 1,
      id: 'lineage',
      title: 'lineage',
      cells: links.map((l) => l.cell),
      createdAt: 'lineage',
      updatedAt: 'lineage',
    }),
  );
  if (restored.case.cells.length !== links.length || restored.warnings.length > 0) {
    throw new AppError('invalid-document', `${path} holds cells that are not valid.`);
  }
  return {
    links: links.map((link, i): LineageLink => ({
      ...link,
      cell: restored.case.cells[i] ?? invalidCell(path, i),
    })),
  };
}

function invalidCell(path: string, i: number): never {
  throw new AppError('invalid-document', `${path}.links[${i}].cell is not a valid cell.`);
}

/**
 * Tags and a note as a person typed them: trimmed, empty tags and repeats dropped. Throws
 * AppError('bad-input') with what to change when they do not fit.
 */
export function normalizeNotes(tags: readonly string[], note: string): Pick<RunNotes, 'tags' | 'note'> {
  const clean = [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))];
  const long = clean.find((t) => t.length > MAX_TAG_LENGTH);
  if (long !== undefined) {
    throw new AppError(
      'bad-input',
      `The tag "${long.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters: shorten it.`,
    );
  }
  if (clean.length > MAX_TAGS) {
    throw new AppError('bad-input', `A run can have at most ${MAX_TAGS} tags: remove some.`);
  }
  if (note.length > MAX_NOTE_LENGTH) {
    throw new AppError(
      'bad-input',
      `The note is longer than ${MAX_NOTE_LENGTH.toLocaleString('en-US')} characters: shorten it.`,
    );
  }
  return { tags: clean, note };
}
