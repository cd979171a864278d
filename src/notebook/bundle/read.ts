import * as v from 'valibot';
import { AppError, errorMessage } from '../../lib/errors';
import { sha256Hex } from '../../lib/sha256';
import { isMulticlass, mlpOutputs, mlpShapeProblem } from '../../ml/models';
import { canonicalJson } from '../hash';
import { parseArtifactModel } from '../run-validate';
import type { StoredModel } from '../runs';
import { classesProblem } from './read-classes';
import { bundleSchema, LIMITS } from './schema';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  bundleKindOf,
  type BundledModel,
  type BundleTask,
  type ModelBundle,
} from './types';

/** Why a bundle was refused, for programs; the message says it for people. */
export type BundleErrorReason =
  | 'too-large'
  | 'not-json'
  | 'not-a-bundle'
  | 'newer-version'
  | 'unknown-version'
  | 'hostile'
  | 'hash'
  | 'invalid';

export class BundleError extends AppError {
  readonly reason: BundleErrorReason;

  constructor(reason: BundleErrorReason, message: string, options?: { cause?: unknown }) {
    super('invalid-document', `This model bundle cannot be used: ${message}`, options);
    this.name = 'BundleError';
    this.reason = reason;
  }
}

/** Keys that could reach an object's prototype if a later merge or spread met them. */
const POLLUTING = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses what no bundle Casebook wrote holds, before anything else reads the value: keys that
 * could pollute prototypes (`JSON.parse` makes `__proto__` an own key; a later spread or merge
 * could turn it into a prototype), nesting, lists and texts beyond the limits.
 */
function scan(value: unknown, path: string, depth: number): void {
  if (depth > LIMITS.depth)
    throw new BundleError('hostile', `it nests values more than ${LIMITS.depth} deep (at ${path}).`);
  if (typeof value === 'string') {
    if (value.length > LIMITS.sql) {
      throw new BundleError(
        'too-large',
        `it holds a text of ${value.length.toLocaleString('en-US')} characters at ${path}.`,
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > LIMITS.items) {
      throw new BundleError(
        'too-large',
        `it holds a list of ${value.length.toLocaleString('en-US')} items at ${path}.`,
      );
    }
    for (let i = 0; i < value.length; i++) scan(value[i], `${path}[${i}]`, depth + 1);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (POLLUTING.has(key)) {
      throw new BundleError(
        'hostile',
        `it holds a key named "${key}" (at ${path}), which could tamper with the app.`,
      );
    }
    scan(Reflect.get(value, key), `${path}.${key}`, depth + 1);
  }
}

/** SHA-256 (hex) of the canonical JSON (RFC 8785: sorted keys, ECMAScript numbers) of every field but `sha256`. */
export async function bundleHash(fields: Readonly<Record<string, unknown>>): Promise<string> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    // defineProperty: a key named `__proto__` stays a plain key (the scan refused it anyway).
    if (key !== 'sha256') Object.defineProperty(rest, key, { value, enumerable: true });
  }
  const bytes = new TextEncoder().encode(canonicalJson(rest));
  return sha256Hex(bytes);
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') {
    if (input.length > LIMITS.bytes) throw tooLarge(input.length);
    return input;
  }
  if (input.byteLength > LIMITS.bytes) throw tooLarge(input.byteLength);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch (e: unknown) {
    throw new BundleError('not-json', 'it is not UTF-8 text (a bundle is a JSON file).', { cause: e });
  }
}

function tooLarge(size: number): BundleError {
  return new BundleError(
    'too-large',
    `it is ${size.toLocaleString('en-US')} bytes; a bundle is at most ${LIMITS.bytes.toLocaleString('en-US')}.`,
  );
}

/** The format line of the file: refuses other files and versions before reading further. */
function checkFormat(raw: unknown): Readonly<Record<string, unknown>> {
  if (
    raw === null ||
    typeof raw !== 'object' ||
    Array.isArray(raw) ||
    Reflect.get(raw, 'format') !== BUNDLE_FORMAT
  ) {
    throw new BundleError(
      'not-a-bundle',
      `it is not a Casebook model bundle (no "format": "${BUNDLE_FORMAT}").`,
    );
  }
  const fields: Record<string, unknown> = { ...raw };
  const version = fields['formatVersion'];
  if (typeof version === 'number' && Number.isInteger(version) && version > BUNDLE_FORMAT_VERSION) {
    throw new BundleError(
      'newer-version',
      `it was made by a newer Casebook (bundle format ${version}; this one reads format ${BUNDLE_FORMAT_VERSION}). Update Casebook to use it.`,
    );
  }
  if (version !== 1 && version !== 2) {
    throw new BundleError(
      'unknown-version',
      `its format version (${String(version)}) is not one Casebook knows.`,
    );
  }
  return fields;
}

type Issues = [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]];

function issueText(issues: Issues): string {
  let at = 'bundle';
  for (const item of issues[0].path ?? []) {
    const key: unknown = item.key;
    at += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return `${at} ${issues[0].message}.`;
}

function invalid(message: string): BundleError {
  return new BundleError('invalid', message);
}

function readArtifact(raw: unknown): BundledModel {
  let artifact: StoredModel;
  try {
    artifact = parseArtifactModel(raw, 'bundle.model.artifact');
  } catch (e: unknown) {
    throw new BundleError('invalid', errorMessage(e), { cause: e });
  }
  if (artifact.kind === 'mlp') {
    const problem = mlpShapeProblem(artifact);
    if (problem !== null) throw invalid(`bundle.model.artifact: ${problem}.`);
  }
  return artifact;
}

function duplicate(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  return values.find((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

/** The artifact's task in the brief's words, its width, and its classes (multiclass; null: not named). */
function artifactShape(artifact: BundledModel): {
  task: BundleTask;
  width: number;
  outputs: number;
  classes: readonly string[] | null;
} {
  if (artifact.kind === 'mlp') {
    const outputs = mlpOutputs(artifact);
    const task = artifact.spec.task === 'regression' ? 'regression' : outputs > 1 ? 'multiclass' : 'binary';
    return { task, width: artifact.inputs, outputs, classes: null };
  }
  if (isMulticlass(artifact)) {
    const { classes } = artifact;
    return { task: 'multiclass', width: artifact.nFeatures, outputs: classes.length, classes };
  }
  const task =
    artifact.kind === 'logistic'
      ? 'binary'
      : artifact.kind === 'linear'
        ? 'regression'
        : artifact.task === 'classification'
          ? 'binary'
          : 'regression';
  return { task, width: artifact.nFeatures, outputs: 1, classes: null };
}

/** What the schema cannot say: the parts agree with each other. */
function crossCheck(bundle: ModelBundle): void {
  const { model, features, input, decision } = bundle;
  const shape = artifactShape(model.artifact);
  if (bundleKindOf(model.artifact) !== model.kind)
    throw invalid(`bundle.model.kind is ${model.kind}, its artifact is a ${model.artifact.kind}.`);
  if (shape.width !== model.featureNames.length) {
    throw invalid(
      `the model takes ${shape.width} features, bundle.model.featureNames lists ${model.featureNames.length}.`,
    );
  }
  const tasks = new Set([model.task, shape.task, features.spec.task, decision.task]);
  if (tasks.size !== 1)
    throw invalid(
      `the model, its features and its decision disagree on the task (${[...tasks].join(', ')}).`,
    );
  const twice =
    duplicate(model.featureNames) ??
    duplicate(input.columns.map((c) => c.name)) ??
    duplicate(input.example.columns) ??
    duplicate(bundle.lineage.preparation.map((p) => p.table));
  if (twice !== undefined) throw invalid(`the name "${twice}" is listed twice where each must be once.`);
  const known = new Set(input.columns.map((c) => c.name));
  const unknown = features.spec.features.find((f) => !known.has(f.column)) ?? null;
  if (unknown)
    throw invalid(`the feature of "${unknown.column}" reads a column missing from bundle.input.columns.`);
  if (input.example.rows.some((row) => row.length !== input.example.columns.length)) {
    throw invalid('a row of bundle.input.example does not have one value per column.');
  }
  if (
    decision.task === 'binary'
      ? decision.positive === null
      : decision.threshold !== null ||
        decision.values !== null ||
        (decision.task === 'multiclass' && (decision.positive !== null || decision.unitCost !== null))
  ) {
    throw invalid('bundle.decision does not fit its task.');
  }
  const problem = classesProblem(bundle, shape);
  if (problem !== null) throw invalid(problem);
}

/**
 * Reads a bundle file strictly: refused whole, with a message that says why, when it is too
 * large, not JSON, not a bundle, of another format version, holds prototype-polluting keys, was
 * changed after it was written (its SHA-256 does not match), or any field is of the wrong type,
 * out of bounds or outside the fitted-feature grammar. What it returns is built afresh by the
 * schema, holding only known keys.
 */
export async function readBundle(input: string | Uint8Array): Promise<ModelBundle> {
  const text = decode(input);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e: unknown) {
    throw new BundleError('not-json', `it is not valid JSON (${errorMessage(e)}).`, { cause: e });
  }
  scan(raw, 'bundle', 0);
  const fields = checkFormat(raw);
  const actual = await bundleHash(fields);
  if (fields['sha256'] !== actual) {
    throw new BundleError(
      'hash',
      `its contents do not match its SHA-256 (the file says ${String(fields['sha256']).slice(0, 12)}…, its contents give ${actual.slice(0, 12)}…): it was changed or damaged after Casebook wrote it.`,
    );
  }
  const parsed = v.safeParse(bundleSchema, fields);
  if (!parsed.success) throw invalid(issueText(parsed.issues));
  const artifact = readArtifact(parsed.output.model.artifact);
  const bundle: ModelBundle = { ...parsed.output, model: { ...parsed.output.model, artifact } };
  crossCheck(bundle);
  return bundle;
}
