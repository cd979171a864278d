import type { SourceFile } from '../source-types';
import type { Task } from '../../ml/task';

/*
 * What the notebook knows of one cell kind: pure facts about its document, no behaviour (how a
 * cell runs, shows and reports lives in src/cells/<kind>/). Each kind states them in
 * `kinds/<kind>.ts`; `kinds/index.ts` collects them, and the graph, the edit operations and
 * restore read them there instead of switching on kinds.
 */

/**
 * What of the case's brief a kind's `briefPart` may read: the fields of kinds/brief.ts's
 * `BriefConfig` it needs (not imported: brief.ts imports this file).
 */
export interface BriefPart {
  readonly input: string;
  readonly timeColumn: string | null;
}

/** The tables a cell reads: named in its config, or found in its SQL by DuckDB's parser. */
export type CellReads = { readonly tables: readonly string[] } | { readonly sql: string };

/** Where a new cell is added. */
export interface NewCellContext {
  /** The tables the case's cells write already: new names are chosen apart from them. */
  readonly taken: ReadonlySet<string>;
  /** The cells above the new one, in document order, by kind and the table each writes. */
  readonly above: readonly { readonly kind: string; readonly output: string | null }[];
  /** The task of the case's brief above the new cell; null when there is none. */
  readonly task: Task | null;
  /** The time column of the brief above (its first brief cell), or null: cells default to time-aware splits then. */
  readonly timeColumn?: string | null;
  /** The table of the brief above (its first brief cell), or null: a features cell starts from it. */
  readonly briefInput?: string | null;
}

/** An imported file a cell holds (its bytes are in storage), and where it came from. */
export interface HeldFile {
  readonly file: SourceFile;
  /** The user's note on the file's origin ('' when none). */
  readonly origin: string;
}

export interface KindFacts<C> {
  /** The frame's title: the kind, and the table it makes or looks at. */
  title(config: C): string;
  /** The config of a new cell. */
  defaults(context: NewCellContext): C;
  /**
   * Rebuilds a stored config: every field read, checked and copied. A bad field throws
   * AppError('invalid-document') naming its path (`path` is the config's); a part left out is
   * told in `warnings`.
   */
  restore(raw: Readonly<Record<string, unknown>>, path: string, warnings: string[]): C;
  reads(config: C): CellReads;
  /** The table the cell writes, or null when it writes none. */
  output(config: C): string | null;
  /** What of the config decides the cell's result: with the inputs' fingerprints, its fingerprint. */
  fingerprint(config: C): unknown;
  /** Whether the case's brief is an input: the first brief cell is then upstream of the cell. */
  readonly readsBrief: boolean;
  /**
   * For a kind that reads one part of the brief without having the brief upstream (`readsBrief`
   * false): that part, given the case's brief (null when it has none). It joins the cell's
   * fingerprint, so that editing that part makes the cell stale, and editing the rest does not.
   * Absent: the kind reads nothing of the brief, or all of it (`readsBrief`).
   */
  briefPart?(config: C, brief: BriefPart | null): unknown;
  /**
   * Whether the result depends on which version is the case's champion (a score cell set to "the
   * champion"): the champion is then part of the fingerprint, and a promote or retire makes the
   * cell stale.
   */
  readsChampion(config: C): boolean;
  /** Whether the cell runs at all: a note does not, is never stale and has no Run button. */
  readonly runs: boolean;
  /**
   * Whether the table the cell writes may be kept in the table cache (by fingerprint) and
   * registered again on reopen instead of rebuilt: a table made only from the cell's inputs and
   * config. Not a view, and not what reads the model registry or the stored runs (unless its
   * unit keeps a digest of what it read from them, as the evaluate cell's predictions: it runs
   * when they changed). A kind that writes no table may keep its output (`OutputCache.withoutTable`).
   */
  cacheable(config: C): boolean;
  /**
   * Whether the table the cell writes comes from stored state that no fingerprint names (a train
   * cell's predictions, from its stored runs: a run deleted for good, or a batch trained again,
   * changes them under the same fingerprint). The table cache then keys every cell below it with a
   * digest of that table as well (`Runtime`), so that none is restored from what it used to be.
   * Absent: the table is decided by the cell's fingerprint.
   */
  readonly fromStoredState?: boolean;
  /** The imported files the config holds. */
  files(config: C): readonly HeldFile[];
  /**
   * The config with an imported file in it (`table`: a name for its table, made from the file's
   * name); null for kinds that take no file.
   */
  readonly withFile: ((config: C, file: SourceFile, table: string) => C) | null;
}

/** "…" for a table not chosen yet, in titles. */
export const orEllipsis = (table: string): string => (table === '' ? '…' : table);

/** The one table a cell names as its input, or none while it is blank. */
export function inputTables(input: string): string[] {
  return input.trim() === '' ? [] : [input];
}

/** The table the last cell of `kind` above writes (a new cell's likely input), or `fallback`. */
export function outputAbove(above: NewCellContext['above'], kind: string, fallback: string): string {
  const last = above.findLast((c) => c.kind === kind && (c.output ?? '').trim() !== '');
  return last?.output ?? fallback;
}
