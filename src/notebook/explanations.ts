import type {
  ClassImportance,
  LimeExplanation,
  LimeStability,
  PartialDependence,
  PartialDependence2d,
  PermutationImportance,
} from '../ml/explain';
import type { CaseId, CellId, RunId } from './ids';
import type { RunArtifact, RunBatch, StoredRun } from './runs';

/*
 * What an explain cell computed for a stored run, as it is stored: one record per part
 * (importance, one PDP, one two-way PDP, one row), keyed by a hash of the run, its data's
 * fingerprint, the settings and the app version, so that a reopened case shows what was computed
 * instead of computing it again, and a changed setting recomputes only its own part. Deleting a
 * run for good deletes its explanations. Types only; `storage/runs.ts` keeps them.
 */

/** LIME of one validation row, and how far its top features agree over ten seeds. */
export interface LocalPart {
  readonly rowId: number;
  /** A multiclass run: the class whose probability is explained (the row's predicted class). */
  readonly className?: string;
  readonly explanation: LimeExplanation;
  /** The stability check without its ten explanations (the first is `explanation`). */
  readonly stability: Omit<LimeStability, 'explanations'>;
}

export type ExplanationPart =
  | {
      readonly kind: 'importance';
      readonly importance: PermutationImportance;
      /** A multiclass run: each class's one-vs-rest ROC AUC drop, from the same shuffles. */
      readonly perClass?: readonly ClassImportance[];
    }
  | { readonly kind: 'pdp'; readonly pdp: PartialDependence }
  | { readonly kind: 'pdp2d'; readonly pdp: PartialDependence2d }
  | { readonly kind: 'local'; readonly local: LocalPart };

export interface StoredExplanation {
  /** SHA-256 (hex) of the part's kind and settings, the run id, the data fingerprint and the app version. */
  readonly key: string;
  readonly caseId: CaseId;
  /** The cell that computed it first (another cell with the same settings reuses it). */
  readonly cellId: CellId;
  readonly runId: RunId;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly part: ExplanationPart;
}

/** A stored run with what it came from: its batch (lineage, data, split), its model and scores. */
export interface FoundRun {
  readonly batch: RunBatch;
  readonly run: StoredRun;
  /** Null when the model was deleted for good while the run's record is still listed. */
  readonly artifact: RunArtifact | null;
  /** The run was hidden ("deleted") in the Runs view. */
  readonly hidden: boolean;
}
