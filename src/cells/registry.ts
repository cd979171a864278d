import type { CellKind, CellOf } from '../notebook/types';
import { brief } from './brief';
import { chart } from './chart';
import { clean } from './clean';
import { evaluate } from './evaluate';
import { features } from './features';
import { markdown } from './markdown';
import { profile } from './profile';
import { source } from './source';
import { sql } from './sql';
import { train } from './train';
import type { CellStatus } from './types';
import type { CellUnit } from './unit';

/*
 * Every cell kind's behaviour (src/cells/<kind>/index.ts), in the order of the "add cell" menu.
 * `satisfies` over `CellKind` fails the build until a kind of src/notebook/kinds has its unit
 * here, and a unit whose output or progress is not tagged with its kind. The runtime, the app and
 * the report reach a kind only through `unitOf`.
 */
const units = {
  brief,
  source,
  sql,
  profile,
  clean,
  chart,
  features,
  train,
  evaluate,
  markdown,
};

type OutputOfUnit<U> = U extends CellUnit<infer _K, infer O, infer _P> ? O : never;
type ProgressOfUnit<U> = U extends CellUnit<infer _K, infer _O, infer P> ? P : never;

/** What a run of a cell of kind `K` produces, and what it reports as it goes: tagged with `K`. */
export type OutputOf<K extends CellKind> = OutputOfUnit<(typeof units)[K]> & { readonly kind: K };
export type ProgressOf<K extends CellKind> = ProgressOfUnit<(typeof units)[K]> & { readonly kind: K };
/** What a run of any cell produces, tagged with its kind. */
export type CellOutput = OutputOf<CellKind>;
export type CellProgress = ProgressOf<CellKind>;
/** The status of any cell, as the runtime holds it. */
export type AnyCellStatus = CellStatus<CellOutput, CellProgress>;

type Units = { readonly [K in CellKind]: CellUnit<K, OutputOf<K>, ProgressOf<K>> };

export const cellUnits = units satisfies Units;

/** The kinds, in the "add cell" menu's order: every kind once, since it is the registry's keys. */
export const cellKindOrder = Object.keys(units).filter((k): k is CellKind => Object.hasOwn(units, k));

/** The unit of `kind`: for a generic `K`, typed by `K`'s output and progress. */
export function unitOf<K extends CellKind>(kind: K): CellUnit<K, OutputOf<K>, ProgressOf<K>> {
  const all: Units = cellUnits;
  return all[kind];
}

/** Whether an output was produced by a cell of `kind` (outputs are tagged with their kind). */
export function isOutputOf<K extends CellKind>(kind: K, output: CellOutput): output is OutputOf<K> {
  return output.kind === kind;
}

/** A cell's status, typed by its kind; a status that is not of its kind (none can be) reads as idle. */
export function statusOf<K extends CellKind>(
  cell: CellOf<K>,
  status: AnyCellStatus,
): CellStatus<OutputOf<K>, ProgressOf<K>> {
  return isStatusOf(cell.kind, status) ? status : { state: 'idle' };
}

function isStatusOf<K extends CellKind>(
  kind: K,
  status: AnyCellStatus,
): status is CellStatus<OutputOf<K>, ProgressOf<K>> {
  if (status.state === 'done') return status.output.kind === kind;
  if (status.state === 'running') return status.progress === undefined || status.progress.kind === kind;
  return true;
}
