/*
 * What a report is made of: plain data, assembled from the case, its stored runs and its outputs
 * by the app (`app/report`). Nothing here is trusted: every string is escaped when rendered.
 */

/** An SVG element as plain data (what Plot drew, copied out of the DOM); serialised through an allow-list. */
export interface SvgNode {
  readonly tag: string;
  readonly attrs: readonly (readonly [name: string, value: string])[];
  readonly children: readonly (SvgNode | string)[];
}

export interface ReportFigure {
  readonly caption: string;
  readonly svg: SvgNode;
}

/** What makes the report traceable to the case and the runs that produced it. */
export interface ReportStamp {
  readonly caseId: string;
  readonly appVersion: string;
  /** ISO 8601; passed in so that the same input renders the same bytes. */
  readonly exportedAt: string;
  readonly runIds: readonly string[];
  /** The evaluation records the evaluation sections were made from (issue 22, item 3); absent when none. */
  readonly evaluationIds?: readonly string[];
  /** SHA-256s of the sources and of the tables trained on, labelled for people. */
  readonly fingerprints: readonly { readonly label: string; readonly value: string }[];
}

export interface BriefSection {
  readonly kind: 'brief';
  readonly heading: string;
  readonly objective: string;
  readonly decision: string;
  readonly input: string;
  readonly target: string;
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly positive: string;
  readonly metric: string;
  readonly bar: number | null;
  readonly baseline: string;
  /** Binary: the value of each outcome; null for regression. */
  readonly values: {
    readonly tp: number;
    readonly fp: number;
    readonly tn: number;
    readonly fn: number;
  } | null;
  /** Regression: the cost of one unit of error over and under; null for binary. */
  readonly unitCost: { readonly over: number; readonly under: number } | null;
  /** Multiclass: the cost matrix, costs[true][predicted], rows and columns named by `classes`. */
  readonly costs?: {
    readonly classes: readonly string[];
    readonly matrix: readonly (readonly number[])[];
  } | null;
  /** What the target looks like ("7,043 rows; 26.5% Yes"), when the cell has run. */
  readonly targetNote: string | null;
}

export interface SourceSection {
  readonly kind: 'source';
  readonly heading: string;
  readonly table: string;
  readonly note: string;
  readonly file: {
    readonly name: string;
    readonly format: string;
    readonly sizeBytes: number;
    readonly sha256: string;
    readonly importedAt: string;
  } | null;
  readonly rows: number | null;
  readonly columns: number | null;
}

/** A clean or SQL cell: what each step does, and the SQL that makes the table. */
export interface PreparationSection {
  readonly kind: 'preparation';
  readonly heading: string;
  readonly output: string;
  readonly steps: readonly {
    readonly text: string;
    readonly enabled: boolean;
    readonly detail: string | null;
  }[];
  readonly sql: string;
  readonly rows: number | null;
}

export interface ProfileSection {
  readonly kind: 'profile';
  readonly heading: string;
  readonly table: string;
  readonly rows: number;
  readonly columns: number;
  /** "profiled on a sample of 50,000 rows", or null. */
  readonly sampleNote: string | null;
  readonly issues: readonly {
    readonly severity: 'high' | 'medium' | 'low';
    readonly column: string | null;
    readonly message: string;
    readonly rows: number;
  }[];
}

export interface ChartSection {
  readonly kind: 'chart';
  readonly heading: string;
  readonly figure: ReportFigure | null;
  /** Why there is no chart, or what to know about it. */
  readonly note: string | null;
}

export interface FeaturesSection {
  readonly kind: 'features';
  readonly heading: string;
  readonly input: string;
  readonly output: string;
  readonly split: string;
  readonly features: readonly { readonly column: string; readonly encoding: string }[];
  /** Columns the model sees after encoding; null when the cell has not run. */
  readonly columnCount: number | null;
  readonly warnings: readonly {
    readonly column: string;
    readonly severity: 'high' | 'medium' | 'low';
    readonly message: string;
  }[];
}

export interface ModelRow {
  readonly id: string;
  readonly label: string;
  readonly role: string;
  readonly status: string;
  /** The brief's metric on the validation rows. */
  readonly metric: number | null;
  readonly trainMetric: number | null;
  readonly durationMs: number;
}

/** A train cell's stored batch: every model with the baseline, on the brief's metric. */
export interface ModelsSection {
  readonly kind: 'models';
  readonly heading: string;
  readonly batchId: string;
  readonly trainedAt: string;
  readonly metric: string;
  readonly bar: number | null;
  readonly rows: { readonly train: number; readonly validation: number };
  readonly runs: readonly ModelRow[];
  readonly best: string | null;
  /** When the section could not be built from stored runs (the reason), else null. */
  readonly note: string | null;
}

export interface EvaluationRow {
  readonly id: string;
  readonly label: string;
  readonly role: string;
  readonly metric: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly threshold: number | null;
  readonly valuePerThousand: number | null;
}

export interface EvaluationSection {
  readonly kind: 'evaluation';
  readonly heading: string;
  readonly metric: string;
  readonly bar: number | null;
  readonly rows: number;
  readonly runs: readonly EvaluationRow[];
  readonly verdict: {
    readonly label: string;
    readonly clearsBar: boolean | null;
    readonly threshold: number | null;
    readonly valuePerThousand: number | null;
    readonly sentences: readonly string[];
  } | null;
  readonly figures: readonly ReportFigure[];
  /** Multiclass: the chosen run's per-class report and confusion matrix (counts), classes in order. */
  readonly classes?: {
    readonly perClass: readonly {
      readonly class: string;
      readonly precision: number;
      readonly recall: number;
      readonly f1: number;
      readonly support: number;
    }[];
    readonly confusion: readonly (readonly number[])[];
    /** How the classes were decided ("the most probable class"); absent in sections made before. */
    readonly decision?: string;
  } | null;
  /** Where the numbers come from ("stored batch …, recomputed"), and what to know. */
  readonly notes: readonly string[];
  /**
   * The stored evaluation record these numbers are (its id and when it was first judged); null
   * when the evaluate cell never judged the run this way, absent in sections made before records.
   */
  readonly record?: { readonly id: string; readonly evaluatedAt: string } | null;
}

/** A backtest: each fold's runs on the metric and the value, their mean and spread, decay warnings. */
export interface BacktestSection {
  readonly kind: 'backtest';
  readonly heading: string;
  readonly metric: string;
  readonly bar: number | null;
  readonly timeColumn: string;
  readonly folds: readonly {
    readonly label: string;
    readonly train: string;
    readonly test: string;
    readonly rows: string;
    readonly leakage: string;
    /** One cell per run, in the order of `runs`. */
    readonly cells: readonly string[];
  }[];
  /** The runs' labels (the table's columns after the fold's facts). */
  readonly runs: readonly string[];
  readonly summaries: readonly {
    readonly label: string;
    readonly metric: string;
    readonly value: string;
    readonly slope: string;
  }[];
  readonly warnings: readonly string[];
  readonly figures: readonly ReportFigure[];
  readonly notes: readonly string[];
}

/** A table of an explanation: plain text cells, escaped when rendered. */
export interface ReportTable {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns (by index) that hold numbers, aligned right. */
  readonly numeric: readonly number[];
}

/** An explain cell: importance, the chosen partial dependence plots and the chosen rows. */
export interface ExplanationSection {
  readonly kind: 'explanation';
  readonly heading: string;
  /** The run explained, for people ("Gradient-boosted trees, batch …"). */
  readonly run: string;
  /** Sentences: how it was computed, what to know (units, stability). */
  readonly lines: readonly string[];
  readonly tables: readonly ReportTable[];
  readonly figures: readonly ReportFigure[];
}

export interface MarkdownSection {
  readonly kind: 'markdown';
  readonly heading: string;
  readonly text: string;
}

/** An A/B test: its design, and the analysis of its results table; numbers come as text for people. */
export interface AbtestSection {
  readonly kind: 'abtest';
  readonly heading: string;
  readonly design: readonly { readonly label: string; readonly value: string }[];
  /** The power over effect sizes; null when it could not be drawn. */
  readonly figure: ReportFigure | null;
  /** Null when the cell designs a test only. */
  readonly analysis: {
    readonly table: string;
    readonly arms: { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };
    readonly comparisons: { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };
    readonly means: {
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    } | null;
    readonly verdicts: readonly string[];
    readonly warnings: readonly string[];
    readonly notes: readonly string[];
  } | null;
}

export type ReportSection =
  | BriefSection
  | AbtestSection
  | SourceSection
  | PreparationSection
  | ProfileSection
  | ChartSection
  | FeaturesSection
  | ModelsSection
  | EvaluationSection
  | BacktestSection
  | ExplanationSection
  | MarkdownSection;

export interface ReportInput {
  readonly title: string;
  /** Written by the user; rendered as text paragraphs. */
  readonly summary: string;
  readonly sections: readonly ReportSection[];
  readonly stamp: ReportStamp;
}
