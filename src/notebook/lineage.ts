import { assertNever } from '../lib/errors';
import type { FeatureSpec } from './feature-types';
import { cellOutput, transitiveUpstream, type CellGraph } from './graph';
import { canonicalJson } from './hash';
import type { CellId } from './ids';
import type { LineageLink, RunLineage } from './runs';
import type { Cell } from './types';

/*
 * The chain of cells that made a train cell's data, as recorded with each run, and how two
 * chains differ: "the SQL of churn changed", "the file of customers is other bytes".
 */

/** What a cell's last run learned that its config does not hold. */
export interface CellDetails {
  readonly fitted: FeatureSpec | null;
  readonly sql: string | null;
}

/** Every cell `id` reads from, directly or not, upstream first, each with its config and fingerprint. */
export function buildLineage(
  cells: readonly Cell[],
  graph: CellGraph,
  fingerprints: ReadonlyMap<CellId, string>,
  id: CellId,
  details: (id: CellId) => CellDetails | undefined,
): RunLineage {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const links = transitiveUpstream(graph, id).flatMap((up): LineageLink[] => {
    const cell = byId.get(up);
    if (!cell) return [];
    const learned = details(up);
    return [
      {
        cell,
        fingerprint: fingerprints.get(up) ?? '',
        upstream: graph.upstream.get(up) ?? [],
        fitted: learned?.fitted ?? null,
        sql: learned?.sql ?? null,
      },
    ];
  });
  return { links };
}

/** A link for people: "source customers (customers.csv)", "sql churn", "brief". */
export function linkName(link: LineageLink): string {
  const { cell } = link;
  const output = cellOutput(cell);
  if (cell.kind === 'source' && cell.config.file) return `source ${output ?? ''} (${cell.config.file.name})`;
  return output === null ? cell.kind : `${cell.kind} ${output}`;
}

/** How one link of a chain differs between a run's record and the case now. */
export type LinkChange =
  | { readonly kind: 'added'; readonly now: LineageLink }
  | { readonly kind: 'removed'; readonly then: LineageLink }
  | {
      readonly kind: 'changed';
      readonly then: LineageLink;
      readonly now: LineageLink;
      /** What changed, for people: "sql", "the file's bytes (SHA-256 …)", "fitted values". */
      readonly what: readonly string[];
    };

/** A second way to match links: kind and output (a duplicated case gives its cells new ids). */
const outputKey = (link: LineageLink): string =>
  `${link.cell.kind}:${(cellOutput(link.cell) ?? '').toLowerCase()}`;

const short = (sha: string): string => sha.slice(0, 12);

/** What differs between two versions of one cell, by field of its config. */
function changesOf(then: LineageLink, now: LineageLink): string[] {
  const what: string[] = [];
  if (then.cell.kind !== now.cell.kind) return [`kind (${then.cell.kind} → ${now.cell.kind})`];
  if (then.cell.kind === 'source' && now.cell.kind === 'source') {
    const [a, b] = [then.cell.config.file, now.cell.config.file];
    if ((a?.sha256 ?? null) !== (b?.sha256 ?? null)) {
      what.push(`the file's bytes (SHA-256 ${short(a?.sha256 ?? 'none')} → ${short(b?.sha256 ?? 'none')})`);
    }
  }
  const [a, b] = [fields(then.cell.config), fields(now.cell.config)];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (key === 'file' && then.cell.kind === 'source') {
      const [fa, fb] = [a.get(key), b.get(key)];
      if (fa !== fb && !what.some((w) => w.startsWith("the file's bytes")))
        what.push('the file (name or import time)');
      continue;
    }
    if (a.get(key) !== b.get(key)) what.push(key);
  }
  if (canonicalJson(then.cell.reads) !== canonicalJson(now.cell.reads)) what.push('the tables it reads');
  if (canonicalJson(then.fitted) !== canonicalJson(now.fitted)) what.push('the fitted values');
  return what;
}

function fields(config: object): Map<string, string> {
  return new Map(Object.entries(config).map(([k, v]: [string, unknown]) => [k, canonicalJson(v)]));
}

/**
 * The links that differ between `then` (a run's record) and `now`, upstream first: a link
 * changed in place, or a cell added to or gone from the chain. Empty when the chains agree.
 */
export function diffLineage(then: RunLineage, now: RunLineage): LinkChange[] {
  const nowById = new Map(now.links.map((l) => [l.cell.id, l]));
  const nowByOutput = new Map(now.links.map((l) => [outputKey(l), l]));
  const matched = new Set<LineageLink>();
  const changes: LinkChange[] = [];
  for (const old of then.links) {
    const current = nowById.get(old.cell.id) ?? nowByOutput.get(outputKey(old));
    if (!current || matched.has(current)) {
      changes.push({ kind: 'removed', then: old });
      continue;
    }
    matched.add(current);
    const what = changesOf(old, current);
    if (what.length > 0) changes.push({ kind: 'changed', then: old, now: current, what });
  }
  for (const link of now.links) if (!matched.has(link)) changes.push({ kind: 'added', now: link });
  return changes;
}

/** One sentence per change, for people. */
export function describeChange(change: LinkChange): string {
  switch (change.kind) {
    case 'added':
      return `${linkName(change.now)} was added to the chain.`;
    case 'removed':
      return `${linkName(change.then)} is no longer in the chain.`;
    case 'changed':
      return `${linkName(change.now)}: ${change.what.join(', ')} changed.`;
    default:
      return assertNever(change);
  }
}
