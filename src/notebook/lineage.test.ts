import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from './feature-types';
import { buildGraph, fingerprints } from './graph';
import { asCellId, type CellId } from './ids';
import { buildLineage, describeChange, diffLineage, type CellDetails } from './lineage';
import { addCell, newCell, updateConfig } from './ops';
import { LATER, NOW, sampleCase } from './test-helpers';
import type { Case } from './types';

/** The sample case (source → active → summary) with a train cell reading `summary`. */
function withTrain(c: Case = sampleCase()): Case {
  const train = { ...newCell('train', asCellId('t1'), new Set()), reads: ['summary'] };
  return addCell(c, train, c.cells.length, NOW);
}

const lineageOf = (c: Case, details: (id: CellId) => CellDetails | undefined = () => undefined) => {
  const graph = buildGraph(c.cells);
  return buildLineage(c.cells, graph, fingerprints(c.cells, graph), asCellId('t1'), details);
};

const FITTED: FeatureSpec = { target: 'churn', task: 'binary', features: [] };

describe('buildLineage', () => {
  it('lists every upstream cell, upstream first, with its config, fingerprint and inputs', () => {
    const c = withTrain();
    const graph = buildGraph(c.cells);
    const fps = fingerprints(c.cells, graph);
    const lineage = lineageOf(c);
    expect(lineage.links.map((l) => l.cell.id)).toEqual(['s1', 'q1', 'q2']);
    expect(lineage.links.map((l) => l.upstream)).toEqual([[], ['s1'], ['q1']]);
    expect(lineage.links.map((l) => l.fingerprint)).toEqual(
      ['s1', 'q1', 'q2'].map((id) => fps.get(asCellId(id))),
    );
    const [source, active] = lineage.links;
    // The source's file: hash, name, size, import time; and the note on its origin.
    expect(source?.cell).toMatchObject({
      kind: 'source',
      config: {
        note: 'CRM',
        file: { sha256: 'a'.repeat(64), name: 'customers.csv', sizeBytes: 10, importedAt: NOW },
      },
    });
    expect(active?.cell).toMatchObject({ kind: 'sql', config: { sql: 'SELECT * FROM customers' } });
    // The markdown note is not part of the chain.
    expect(lineage.links.some((l) => l.cell.kind === 'markdown')).toBe(false);
  });

  it('keeps what the last run of a cell fitted, when there is one', () => {
    const lineage = lineageOf(withTrain(), (id) =>
      id === 'q2' ? { fitted: FITTED, sql: 'SELECT 42' } : undefined,
    );
    expect(lineage.links.map((l) => [l.fitted, l.sql])).toEqual([
      [null, null],
      [null, null],
      [FITTED, 'SELECT 42'],
    ]);
  });
});

describe('diffLineage', () => {
  it('finds no difference between a chain and itself', () => {
    const lineage = lineageOf(withTrain());
    expect(diffLineage(lineage, lineageOf(withTrain()))).toEqual([]);
  });

  it('names the one link whose SQL changed, not the links downstream of it', () => {
    const before = lineageOf(withTrain());
    const c = updateConfig(
      withTrain(),
      asCellId('q1'),
      'sql',
      { sql: 'SELECT * FROM customers WHERE 1' },
      LATER,
    );
    const changes = diffLineage(before, lineageOf(c));
    expect(changes).toHaveLength(1);
    expect(changes.map(describeChange)).toEqual(['sql active: sql changed.']);
  });

  it("says when a source's bytes changed, and when only its note did", () => {
    const before = lineageOf(withTrain());
    const file = {
      sha256: 'b'.repeat(64),
      name: 'customers.csv',
      sizeBytes: 12,
      format: 'csv',
      importedAt: LATER,
    } as const;
    const reimported = updateConfig(withTrain(), asCellId('s1'), 'source', { file }, LATER);
    expect(diffLineage(before, lineageOf(reimported)).map(describeChange)).toEqual([
      "source customers (customers.csv): the file's bytes (SHA-256 aaaaaaaaaaaa → bbbbbbbbbbbb) changed.",
    ]);
    const noted = updateConfig(withTrain(), asCellId('s1'), 'source', { note: 'CRM, March' }, LATER);
    expect(diffLineage(before, lineageOf(noted)).map(describeChange)).toEqual([
      'source customers (customers.csv): note changed.',
    ]);
  });

  it('reports fitted values that differ, and cells added to or gone from the chain', () => {
    const before = lineageOf(withTrain(), (id) => (id === 'q2' ? { fitted: FITTED, sql: null } : undefined));
    const refit = lineageOf(withTrain(), (id) =>
      id === 'q2' ? { fitted: { ...FITTED, positive: 'Yes' }, sql: null } : undefined,
    );
    expect(diffLineage(before, refit).map(describeChange)).toEqual([
      'sql summary: the fitted values changed.',
    ]);
    // The train cell now reads `active` directly: `summary` leaves the chain.
    const shorter = withTrain();
    const rewired: Case = {
      ...shorter,
      cells: shorter.cells.map((cell) => (cell.id === 't1' ? { ...cell, reads: ['active'] } : cell)),
    };
    expect(diffLineage(lineageOf(withTrain()), lineageOf(rewired)).map((c) => c.kind)).toEqual(['removed']);
    expect(diffLineage(lineageOf(rewired), lineageOf(withTrain())).map(describeChange)).toEqual([
      'sql summary was added to the chain.',
    ]);
  });

  it('matches cells by kind and output when their ids differ (a duplicated case)', () => {
    const before = lineageOf(withTrain());
    const renamed = {
      links: before.links.map((l) => ({ ...l, cell: { ...l.cell, id: asCellId(`copy-${l.cell.id}`) } })),
    };
    expect(diffLineage(before, renamed)).toEqual([]);
  });
});
