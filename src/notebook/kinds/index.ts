import { brief } from './brief';
import { chart } from './chart';
import { clean } from './clean';
import { evaluate } from './evaluate';
import type { KindFacts } from './facts';
import { features } from './features';
import { markdown } from './markdown';
import { profile } from './profile';
import { source } from './source';
import { sql } from './sql';
import { train } from './train';

/*
 * Every cell kind, by the pure facts of its document. This object is where a kind comes into
 * being: `CellKind` and `CellConfigs` are read off it, so adding a line here is what makes a new
 * kind, and every registry keyed by `CellKind` (src/cells/registry.ts) fails to compile until it
 * has the kind too. See src/cells/README.md for the walkthrough.
 */
const kinds = {
  markdown,
  source,
  sql,
  profile,
  clean,
  chart,
  brief,
  features,
  train,
  evaluate,
};

type ConfigOf<F> = F extends KindFacts<infer C> ? C : never;

/** Every cell kind and its config. */
export type CellConfigs = { readonly [K in keyof typeof kinds]: ConfigOf<(typeof kinds)[K]> };
export type CellKind = keyof CellConfigs;

/** The facts of each kind, typed by its config (`factsOf` reads one for a kind known only as a `K`). */
export const cellKindFacts = kinds satisfies { readonly [K in CellKind]: KindFacts<CellConfigs[K]> };

/** The facts of `kind`: for a generic `K`, typed by `CellConfigs[K]`. */
export function factsOf<K extends CellKind>(kind: K): KindFacts<CellConfigs[K]> {
  const all: { readonly [P in CellKind]: KindFacts<CellConfigs[P]> } = cellKindFacts;
  return all[kind];
}

/** Every kind, in the registry's order. */
export const CELL_KINDS = Object.keys(kinds).filter((k): k is CellKind => Object.hasOwn(kinds, k));

export type { KindFacts, NewCellContext, CellReads, HeldFile } from './facts';
