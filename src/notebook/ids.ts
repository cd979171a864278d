import { randomId } from '../lib/random-id';

declare const brand: unique symbol;

/** A string that the type system keeps apart from other strings. */
export type Brand<B extends string> = string & { readonly [brand]: B };

export type CaseId = Brand<'CaseId'>;
export type CellId = Brand<'CellId'>;

function isBrand<B extends string>(value: string): value is Brand<B> {
  return value.length > 0;
}

export function asCaseId(value: string): CaseId {
  if (!isBrand<'CaseId'>(value)) throw new TypeError('A case id cannot be empty');
  return value;
}

export function asCellId(value: string): CellId {
  if (!isBrand<'CellId'>(value)) throw new TypeError('A cell id cannot be empty');
  return value;
}

export function newCaseId(): CaseId {
  return asCaseId(`case-${randomId()}`);
}

export function newCellId(): CellId {
  return asCellId(`cell-${randomId()}`);
}

/** A stored training run (one model of one run of a train cell). */
export type RunId = Brand<'RunId'>;

export function asRunId(value: string): RunId {
  if (!isBrand<'RunId'>(value)) throw new TypeError('A run id cannot be empty');
  return value;
}
