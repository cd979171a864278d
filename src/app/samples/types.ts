import type { CellKind, CellOf, SourceFormat } from '../../notebook/types';

/** A cell of a sample case, as written: its kind, its config and the tables it reads (none when absent). */
export type SampleCell = {
  [K in CellKind]: Omit<CellOf<K>, 'id' | 'reads'> & { readonly reads?: readonly string[] };
}[CellKind];

/** A file shipped in `public/sample/<folder>/`, imported unchanged into a source cell. */
export interface SampleFileStep {
  readonly kind: 'file';
  readonly file: string;
  readonly table: string;
  readonly format: SourceFormat;
  /** Where it came from, in words: the source cell's origin note. */
  readonly note: string;
}

export type SampleStep = SampleCell | SampleFileStep;

/**
 * A model version the sample registers as its champion once it has run: the run its evaluate
 * cell (the one that reads `predictions`) chose, promoted by `by` for `why`. Runs are made by
 * training, so this happens when the new case is first opened, not when it is built.
 */
export interface SampleChampion {
  readonly predictions: string;
  readonly by: string;
  readonly why: string;
}

/** A sample case: what the case list offers, and the cells it is made of, in order. */
export interface SampleCase {
  /** Stable, so that the app knows which samples a workspace already holds. */
  readonly id: string;
  readonly title: string;
  /** One line for the case list. */
  readonly description: string;
  /** Its files' folder under `public/sample/`. */
  readonly folder: string;
  readonly steps: readonly SampleStep[];
  readonly champion?: SampleChampion;
  /** Versions registered after the champion (v2, …) as candidates, each from its evaluate cell's choice. */
  readonly challengers?: readonly SampleChampion[];
}
