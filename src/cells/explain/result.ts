import type { ColumnInfo } from '../../data/catalog';
import type { SourceGroup } from '../../data/features';
import type {
  ClassImportance,
  ImportanceMetric,
  PartialDependence,
  PartialDependence2d,
  PermutationImportance,
} from '../../ml/explain';
import type { FeatureSpec } from '../../notebook/feature-types';
import type { LocalPart } from '../../notebook/explanations';
import type { RunId } from '../../notebook/ids';
import type { StoredModel } from '../../notebook/runs';

/** The run an explain cell explains, as people read it. */
export interface ExplainedRun {
  readonly id: RunId;
  readonly label: string;
  readonly batchId: string;
  /** ISO 8601. */
  readonly trainedAt: string;
  readonly task: 'binary' | 'regression' | 'multiclass';
  /** The features table it trained on. */
  readonly input: string;
  readonly featureNames: readonly string[];
  /** SHA-256 of its training data, checked against the table as it is now. */
  readonly fingerprint: string;
}

/** What the what-if form needs: the model, the fitted feature SQL and the raw row's table. */
export interface WhatIfSource {
  readonly model: StoredModel;
  /** The fitted spec of the Features cell that made the run's table; null when the lineage lacks it. */
  readonly spec: FeatureSpec | null;
  /** The table the Features cell read (raw values, before encoding); '' when unknown. */
  readonly table: string;
  readonly columns: readonly ColumnInfo[];
}

/** A validation row and the model's score of it (the table to pick a row from). */
export interface ScoredRow {
  readonly rowId: number;
  /** The score; for a multiclass run, the probability of the predicted class. */
  readonly score: number;
  /** The target: a number, or a multiclass run's class name. */
  readonly truth: number | string;
  /** A multiclass run: the class of highest probability; null otherwise. */
  readonly predicted: string | null;
}

/** A multiclass run's partial dependences of one class's probability. */
export interface ClassPdps {
  readonly className: string;
  readonly pdps: readonly PartialDependence[];
}

export interface ExplainOutput {
  readonly kind: 'explain';
  readonly run: ExplainedRun;
  readonly metric: ImportanceMetric;
  /** "probability of churn" or "predicted value": what the score and the contributions are in. */
  readonly scoreUnits: string;
  readonly importance: PermutationImportance;
  /** A multiclass run's class names (index c is class c); null otherwise. */
  readonly classes: readonly string[] | null;
  /** A multiclass run: per class, the drop of its one-vs-rest ROC AUC; null otherwise. */
  readonly classImportance: readonly ClassImportance[] | null;
  /** Source columns (one-hot columns under their column), in the run's column order. */
  readonly groups: readonly SourceGroup[];
  /** Partial dependence; for a multiclass run, of `pdpClass`'s probability. */
  readonly pdps: readonly PartialDependence[];
  /** A multiclass run: the class `pdps` and `pdp2d` show (the one predicted most often); null otherwise. */
  readonly pdpClass: string | null;
  /** A multiclass run: the partial dependences of every class's probability; null otherwise. */
  readonly classPdps: readonly ClassPdps[] | null;
  readonly pdp2d: PartialDependence2d | null;
  readonly locals: readonly LocalPart[];
  /** The ten highest and ten lowest scores of the validation rows, highest first. */
  readonly highest: readonly ScoredRow[];
  readonly lowest: readonly ScoredRow[];
  readonly validationRows: number;
  /** Parts read back from storage and parts computed in this run. */
  readonly reused: number;
  readonly computed: number;
  readonly notices: readonly string[];
  readonly whatIf: WhatIfSource;
  /** The model and trial runs of the cell's predictions table, to choose from. */
  readonly choices: readonly { readonly id: string; readonly label: string }[];
}

/** What a running explain cell reports: the part in hand (part n of m) and its rows scored. */
export interface ExplainProgress {
  readonly kind: 'explain';
  readonly step: string;
  /** 1-based, of the `parts` this run shows (importance first; stored ones are read back, not computed). */
  readonly part: number;
  readonly parts: number;
  readonly done: number;
  readonly total: number;
}
