import type { ModelArtifact } from './artifact';
import type { BackendName, MlpSpec } from './specs';

/*
 * What training hands back besides scores, as plain data: the network's weights, the backend it
 * ran on, named coefficients. The training worker produces them, runs store them as they are.
 */

/** A trained network as plain data: stored with its run, reloaded to predict. */
export interface MlpArtifact {
  readonly kind: 'mlp';
  readonly spec: MlpSpec;
  readonly inputs: number;
  /** Per layer: the kernel (inputs × units, row-major) and the bias. A last layer of k > 1 units is a softmax over k classes. */
  readonly layers: readonly { readonly units: number; readonly kernel: number[]; readonly bias: number[] }[];
  /** The inner split early stopping chose the epoch on; null without early stopping (patience 0). */
  readonly holdout?: MlpHoldout | null;
}

/**
 * Early stopping's inner validation split: a seeded share of the training rows (stratified by
 * class when classifying), never the validation rows the run reports its metrics on.
 */
export interface MlpHoldout {
  readonly fraction: number;
  readonly seed: number;
  readonly stratified: boolean;
  /** Rows the network was fitted on, and rows held out to choose the epoch. */
  readonly trainRows: number;
  readonly validationRows: number;
}

/** Any stored model: the network or one of the TypeScript models of this folder. */
export type TrainedArtifact = MlpArtifact | ModelArtifact;

export interface BackendReport {
  /**
   * The backend the model trained on. The TypeScript models (every kind but `mlp`) always say
   * `cpu`: they run in plain JavaScript, whatever backend was asked for.
   */
  readonly backend: BackendName;
  /** How that backend runs here, where it says: wasm's "SIMD, 2 threads" (threads need cross-origin isolation). */
  readonly setup?: string;
  /** Why it was chosen, or why a preferred one was not, for people. */
  readonly reason: string;
  /** Backends this browser offers, in the order they are tried (`['cpu']` for TypeScript models). */
  readonly available: readonly BackendName[];
}

/** A fitted coefficient of a linear or logistic model, by feature name. */
export interface Coefficient {
  readonly feature: string;
  readonly value: number;
}
