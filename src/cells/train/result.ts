import type { BackendReport } from '../../../workers/training/api';

/**
 * What a train cell's run shows while it trains: filled by the runner from the worker's events.
 * (The train cell's brief owns this file; see src/cells/README.md.)
 */
export interface TrainProgress {
  /** The model being trained, e.g. "gbdt 2 of 3". */
  readonly label: string;
  readonly backend: BackendReport | null;
  /** Loss per epoch or iteration of the model being trained. */
  readonly curve: readonly {
    readonly step: number;
    readonly loss: number;
    readonly validationLoss: number | null;
  }[];
}

/** What a train cell's run produced. */
export interface TrainResult {
  readonly runs: readonly unknown[];
}
