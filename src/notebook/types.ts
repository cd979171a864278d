import type { CaseId, CellId } from './ids';
import type { CellConfigs, CellKind } from './kinds';

/*
 * The document: a case and its cells. A cell's kind and config come from the kinds registry
 * (kinds/index.ts); each kind's config type lives in its own file there.
 */

export type { CellConfigs, CellKind };
export type { Task } from '../ml/task';
export type { Metric } from './metrics';
export type { CsvOptions, SourceFile, SourceFormat } from './source-types';
export type { MarkdownConfig } from './kinds/markdown';
export type { SourceConfig } from './kinds/source';
export type { SqlConfig } from './kinds/sql';
export type { ProfileConfig } from './kinds/profile';
export type { CleanConfig } from './kinds/clean';
export type { ChartConfig } from './kinds/chart';
export type { Baseline, BriefConfig, OutcomeValues } from './kinds/brief';
export type { FeaturesConfig, SplitSpec } from './kinds/features';
export type { TrainConfig } from './train-types';
export type { EvaluateConfig } from './evaluate-types';

export type CellOf<K extends CellKind> = {
  readonly id: CellId;
  readonly kind: K;
  readonly config: CellConfigs[K];
  /**
   * The tables this cell reads, as the SQL parser found them when the config last changed.
   * Kept in the document so that the graph can be computed without an engine.
   */
  readonly reads: readonly string[];
};

export type Cell = { [K in CellKind]: CellOf<K> }[CellKind];

/**
 * Every `CellOf<K>` is a `Cell`, but TypeScript cannot correlate a cell's kind with its config
 * for a generic (or union) `K`, so the functions that build a cell through the kinds registry
 * (`factsOf(kind)`) say so here, in one place.
 */
export function asCell<K extends CellKind>(cell: CellOf<K>): Cell {
  return cell as Cell;
}

export const CASE_SCHEMA_VERSION = 1;

/** What the case's exported report holds: saved with the case, since the summary is part of the story. */
export interface ReportSettings {
  /** Written by the user, shown at the top of the report. */
  readonly summary: string;
  /** The cells in the report, in its order; null: every cell that has something to show, in document order. */
  readonly cells: readonly CellId[] | null;
}

export interface Case {
  readonly schemaVersion: typeof CASE_SCHEMA_VERSION;
  readonly id: CaseId;
  readonly title: string;
  readonly cells: readonly Cell[];
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601. */
  readonly updatedAt: string;
  /** Absent until the user edits the report (and in cases saved before reports existed). */
  readonly report?: ReportSettings;
}
