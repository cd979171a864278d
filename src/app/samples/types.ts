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
}
