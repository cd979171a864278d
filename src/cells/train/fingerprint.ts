import { createSHA256, sha256 } from 'hash-wasm';
import { canonicalJson } from '../../notebook/hash';
import type { RunFraming } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import type { BriefConfig } from '../../notebook/types';
import type { TrainData } from './input';

/*
 * What decides whether a train cell must train again: the data it trains on (its fingerprint),
 * its config, the brief's framing and the app version. The same four give the same key, and the
 * stored runs of that key are what training would give again.
 */

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * SHA-256 (hex) of the training data exactly as the models see it: a header (feature names, row
 * count, row id type, validation count, rule present), then the bytes of x, y, the row ids, the
 * validation positions and the rule column. Typed arrays in the platform's byte order, which is
 * little-endian on every browser Casebook runs in. Incremental: x may be hundreds of MB.
 */
export async function dataFingerprint(data: TrainData): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  const header = canonicalJson({
    format: 1,
    featureNames: data.featureNames,
    rows: data.rowIds.length,
    rowIds: data.rowIds instanceof Int32Array ? 'int32' : 'float64',
    validation: data.validation.length,
    rule: data.rule !== null,
    // Multiclass only, so that a binary or regression table keeps the fingerprint it had.
    ...(data.classes === null ? {} : { classes: data.classes }),
  });
  hasher.update(`${header}\n`);
  for (const part of [data.x, data.y, data.rowIds, data.validation, data.rule]) {
    if (part !== null) hasher.update(bytesOf(part));
  }
  return hasher.digest('hex');
}

/** What of the brief a training depends on: the task, the metric and bar that rank, the baseline. */
export function framingOf(brief: BriefConfig): RunFraming {
  return { task: brief.task, metric: brief.metric, bar: brief.bar, baseline: brief.baseline };
}

export interface KeyInputs {
  readonly config: TrainConfig;
  readonly framing: RunFraming;
  readonly dataFingerprint: string;
  readonly appVersion: string;
}

/**
 * SHA-256 (hex) of the train config, the framing, the data fingerprint and the app version. The
 * predictions table's name is left out: renaming it changes no model, and the restored runs are
 * written under the new name.
 */
export function reuseKey(inputs: KeyInputs): Promise<string> {
  const { output: _output, ...config } = inputs.config;
  return sha256(canonicalJson({ format: 1, ...inputs, config }));
}
