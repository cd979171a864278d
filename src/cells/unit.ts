import type { Component } from 'svelte';
import type { SqlEngine } from '../data/engine';
import type { PipelineStep } from '../data/pipeline';
import type { CellId } from '../notebook/ids';
import type { EvaluationRecord } from '../notebook/evaluations';
import type { CellDetails } from '../notebook/lineage';
import type { LineageLink, RunBatchBundle } from '../notebook/runs';
import type { Case, CellConfigs, CellKind, CellOf } from '../notebook/types';
import type { ReportSection } from '../report';
import type { CellHost, CellRunner } from './types';

/*
 * A cell kind's behaviour, as one unit: how it runs, shows, reports and exports. Each kind states
 * it in `src/cells/<kind>/index.ts`; `registry.ts` collects them, and the runtime, the app and
 * the report reach a kind only through it. (The kind's document facts are in
 * src/notebook/kinds/<kind>.ts.) `O`: what a run produces, tagged with the kind, so that the
 * runtime can tell whose it is; `P`: what a running cell reports as it goes (`never`: nothing).
 */

export interface CellUnit<
  K extends CellKind,
  O extends { readonly kind: K },
  P extends { readonly kind: K } = never,
> {
  /** The "add cell" menu: the button's text and what its tooltip says of the kind. */
  readonly label: string;
  readonly description: string;
  readonly run: CellRunner<K, O, P>;
  /** The cell's body in the notebook. */
  readonly view: Component<{ host: CellHost<K, O, P> }>;
  /** The status badge of a run that is done: "1,204 rows", "3 runs, best ROC AUC 0.842". */
  doneText(output: O): string;
  readonly report: CellReport<K, O>;
  /**
   * The cell's statement in the case's SQL script for native DuckDB, or null when it cannot be
   * written yet (no file, an input that is not there to compile against); null for kinds that
   * prepare no data.
   */
  readonly script: ((cell: CellOf<K>, engine: SqlEngine) => Promise<PipelineStep | null>) | null;
  /** What a run learned that the config does not hold, recorded in the lineage of runs downstream. */
  lineage(output: O): CellDetails | null;
  /** What a run's lineage shows of a cell of this kind beyond its settings (its SQL, its steps); null for nothing. */
  readonly lineageView: LineageView<K> | null;
  /** The part of the config a run learned (impute values), for the runtime to save in the cell; null when none. */
  learned(output: O): Partial<CellConfigs[K]> | null;
  /** How a run's output is kept beside its table in the table cache; null for kinds whose tables are not kept. */
  readonly cache: OutputCache<K, O> | null;
}

/**
 * What the table cache keeps of a run's output, so that a cell registered from the cache shows
 * what its run showed (the same status text, the same view) without running.
 */
export interface OutputCache<K extends CellKind, O> {
  /** What of the output is kept: plain data (IndexedDB clones it). */
  keep(output: O): unknown;
  /** The output again, for `cell` as it is now; null when `kept` does not read as one (the cell then runs). */
  restore(kept: unknown, cell: CellOf<K>): O | null;
  /**
   * Whether the output is kept when the run wrote no table (a monitor that compares nothing): a
   * kind whose output costs more to compute than to read. Absent: only with a table.
   */
  readonly withoutTable?: true;
  /**
   * For a kind whose result depends on more than its fingerprint says: an input table made from
   * stored runs (a train cell's predictions), which the fingerprint names by the train cell's
   * settings, not by the batch it wrote. A digest of what the cell reads (data/table-digest.ts),
   * kept with the output and computed again before a restore: another one makes the cell run.
   * Null: it cannot be read (nothing is kept, or the cell runs).
   */
  digest?(cell: CellOf<K>, engine: SqlEngine): Promise<string | null>;
}

/** A link of a run's lineage whose cell is of kind `K`. */
export type LineageLinkOf<K extends CellKind> = Omit<LineageLink, 'cell'> & { readonly cell: CellOf<K> };

/** A kind's part of the panel that shows one cell of a run's lineage. */
export type LineageView<K extends CellKind> = Component<{ link: LineageLinkOf<K> }>;

/** What a cell's report section is made from. */
export interface ReportContext<O> {
  readonly doc: Case;
  /** The cell's last output in this tab; null when it has not run. */
  readonly output: O | null;
  /** Stored run batches, by the cell that saved them: the one each shows, else its newest. */
  readonly batches: ReadonlyMap<CellId, RunBatchBundle>;
  /** The case's evaluation records (issue 22, item 3): an evaluation section names the one it is. */
  readonly evaluations: readonly EvaluationRecord[];
  /** The cell's title: the section's heading. */
  readonly heading: string;
  /** Where figures are drawn (Plot needs a document): light, for paper. */
  readonly document: Document;
}

export interface CellReport<K extends CellKind, O> {
  /** Whether the cell has a section to show, cheaply (the report dialog lists the cells that do). */
  has(cell: CellOf<K>, ctx: ReportContext<O>): boolean;
  /** The cell's section, or null when it has nothing to show. */
  section(cell: CellOf<K>, ctx: ReportContext<O>): ReportSection | null;
  /** The stored batch the cell shows in this tab (the report shows that one); null for none. */
  shownBatch(output: O): string | null;
}
