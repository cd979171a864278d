import { describe, expect, it } from 'vitest';
import { buildGraph, fingerprints, staleCells, transitiveDownstream, transitiveUpstream } from './graph';
import { asCellId } from './ids';
import { updateConfig } from './ops';
import { LATER, sampleCase, sqlCell } from './test-helpers';

const id = asCellId;

describe('buildGraph', () => {
  it('links cells by the tables they read and write, case-insensitively', () => {
    const graph = buildGraph(sampleCase().cells);
    expect(graph.upstream.get(id('q1'))).toEqual(['s1']);
    expect(graph.upstream.get(id('q2'))).toEqual(['q1']);
    expect(graph.downstream.get(id('s1'))).toEqual(['q1']);
    expect(graph.problems.size).toBe(0);
    expect(transitiveDownstream(graph, id('s1'))).toEqual(['q1', 'q2']);
    expect(transitiveUpstream(graph, id('q2'))).toEqual(['s1', 'q1']);
    const upper = buildGraph([
      sqlCell('a', 'Orders', 'SELECT 1', []),
      sqlCell('b', 'x', 'SELECT * FROM orders', ['ORDERS']),
    ]);
    expect(upper.upstream.get(id('b'))).toEqual(['a']);
  });

  it('orders cells topologically even when the document has a reader above its writer', () => {
    const graph = buildGraph([
      sqlCell('late', 'b', 'SELECT * FROM a', ['a']),
      sqlCell('early', 'a', 'SELECT 1', []),
    ]);
    expect(graph.order).toEqual(['early', 'late']);
  });

  it('reports duplicate outputs, self-references and cycles', () => {
    const graph = buildGraph([
      sqlCell('a', 't', 'SELECT 1', []),
      sqlCell('b', 'T', 'SELECT 2', []),
      sqlCell('c', 'self', 'SELECT * FROM self', ['self']),
      sqlCell('d', 'x', 'SELECT * FROM y', ['y']),
      sqlCell('e', 'y', 'SELECT * FROM x', ['x']),
    ]);
    expect(graph.problems.get(id('b'))).toEqual({ kind: 'duplicate-output', table: 'T', otherCell: 'a' });
    expect(graph.problems.get(id('c'))).toEqual({ kind: 'self-reference', table: 'self' });
    expect(graph.problems.get(id('d'))).toEqual({ kind: 'cycle', cells: ['d', 'e'] });
    expect(graph.order.slice(-2)).toEqual(['d', 'e']);
    expect(graph.problems.has(id('a'))).toBe(false);
  });

  it('ignores reads of tables that no cell writes (built-ins, or a mistake the engine reports)', () => {
    const graph = buildGraph([sqlCell('a', 't', 'SELECT * FROM nowhere', ['nowhere'])]);
    expect(graph.upstream.get(id('a'))).toEqual([]);
    expect(graph.problems.size).toBe(0);
  });
});

describe('fingerprints and staleness', () => {
  it('marks a changed cell and everything downstream stale, and nothing else', () => {
    const before = sampleCase();
    const fpBefore = fingerprints(before.cells, buildGraph(before.cells));
    const after = updateConfig(before, id('q1'), 'sql', { sql: 'SELECT * FROM customers WHERE 1' }, LATER);
    const fpAfter = fingerprints(after.cells, buildGraph(after.cells));
    expect(fpAfter.get(id('s1'))).toBe(fpBefore.get(id('s1')));
    expect(fpAfter.get(id('q1'))).not.toBe(fpBefore.get(id('q1')));
    expect(fpAfter.get(id('q2'))).not.toBe(fpBefore.get(id('q2')));
    expect([...staleCells(after.cells, fpAfter, fpBefore)].sort()).toEqual(['q1', 'q2']);
    expect(staleCells(before.cells, fpBefore, fpBefore).size).toBe(0);
  });

  it('does not count a source note, and counts its file by hash', () => {
    const before = sampleCase();
    const fp = (c: typeof before) => fingerprints(c.cells, buildGraph(c.cells));
    const noted = updateConfig(before, id('s1'), 'source', { note: 'another note' }, LATER);
    expect(fp(noted)).toEqual(fp(before));
    const refiled = updateConfig(
      before,
      id('s1'),
      'source',
      {
        file: {
          sha256: 'b'.repeat(64),
          name: 'customers.csv',
          sizeBytes: 10,
          format: 'csv',
          importedAt: LATER,
        },
      },
      LATER,
    );
    expect(fp(refiled).get(id('q2'))).not.toBe(fp(before).get(id('q2')));
  });

  it('treats never-run cells as stale, and markdown never', () => {
    const c = sampleCase();
    const stale = staleCells(c.cells, fingerprints(c.cells, buildGraph(c.cells)), new Map());
    expect([...stale].sort()).toEqual(['q1', 'q2', 's1']);
  });
});
