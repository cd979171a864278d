import { sha256 } from 'hash-wasm';
import { canonicalJson } from '../../notebook/hash';
import type { RunFraming } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import type { BriefConfig } from '../../notebook/types';

// The data fingerprint is shared: an explain cell checks its run's data against it.
export { dataFingerprint } from '../shared/train-data';

/*
 * What decides whether a train cell must train again: the data it trains on (its fingerprint),
 * its config, the brief's framing and the app version. The same four give the same key, and the
 * stored runs of that key are what training would give again.
 */

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
