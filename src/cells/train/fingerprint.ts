import { sha256 } from 'hash-wasm';
import { canonicalJson } from '../../notebook/hash';
import type { RunFraming, RunLineage } from '../../notebook/runs';
import type { TrainConfig } from '../../notebook/train-types';
import type { BriefConfig } from '../../notebook/types';

// The data fingerprint is shared: an explain cell checks its run's data against it.
export { dataFingerprint } from '../shared/train-data';

/*
 * What decides whether a train cell must train again: the data it trains on (its fingerprint),
 * the chain of cells that made it (its lineage), its config, the brief's framing and the app
 * version. The same five give the same key, and the stored runs of that key are what training
 * would give again, with a recorded lineage that is the chain as it stands.
 */

/** What of the brief a training depends on: the task, the metric and bar that rank, the baseline. */
export function framingOf(brief: BriefConfig): RunFraming {
  return { task: brief.task, metric: brief.metric, bar: brief.bar, baseline: brief.baseline };
}

export interface KeyInputs {
  readonly config: TrainConfig;
  readonly framing: RunFraming;
  readonly dataFingerprint: string;
  /** `lineageFingerprint` of the chain that made the data. */
  readonly lineageFingerprint: string;
  readonly appVersion: string;
}

/**
 * SHA-256 (hex) of the chain that made a train cell's data: each link's kind and fingerprint (its
 * config and its inputs' fingerprints, as staleness counts it), upstream first. The same matrix
 * made by another chain (another file, another SQL) gets another one, so that runs restored for a
 * key never carry the lineage of a chain that is gone. Like staleness, it ignores a source file's
 * name and import time: the same bytes re-imported are the same chain.
 */
export function lineageFingerprint(lineage: RunLineage): Promise<string> {
  const links = lineage.links.map((link) => ({ kind: link.cell.kind, fingerprint: link.fingerprint }));
  return sha256(canonicalJson({ format: 1, links }));
}

/**
 * SHA-256 (hex) of the train config, the framing, the data and lineage fingerprints and the app
 * version. The
 * predictions table's name is left out: renaming it changes no model, and the restored runs are
 * written under the new name.
 */
export function reuseKey(inputs: KeyInputs): Promise<string> {
  const { output: _output, ...config } = inputs.config;
  return sha256(canonicalJson({ format: 2, ...inputs, config }));
}
