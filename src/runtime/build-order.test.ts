import { describe, expect, it } from 'vitest';
import { buildGraph } from '../notebook/graph';
import { asCellId, type CellId } from '../notebook/ids';
import { sqlCell } from '../notebook/test-helpers';
import { buildOrder } from './build-order';

/**
 * Graph order: a → b → c (a chain), d alone, e ← a. The reference is the rule (issue 21
 * item 1): what is on screen and its inputs first, in graph order, then the rest in graph order.
 */
const graph = buildGraph([
  sqlCell('a', 't_a', 'SELECT 1 AS x', []),
  sqlCell('d', 't_d', 'SELECT 2 AS x', []),
  sqlCell('b', 't_b', 'SELECT x FROM t_a', ['t_a']),
  sqlCell('e', 't_e', 'SELECT x FROM t_a', ['t_a']),
  sqlCell('c', 't_c', 'SELECT x FROM t_b', ['t_b']),
]);
const ids = (...names: string[]): Set<CellId> => new Set(names.map(asCellId));
const all = ids('a', 'b', 'c', 'd', 'e');

describe('buildOrder: the cells on screen and their inputs first (issue 21, item 1)', () => {
  it('puts a visible cell after its chain of inputs, ahead of everything else', () => {
    expect(graph.order).toEqual(['a', 'd', 'b', 'e', 'c']);
    expect(buildOrder(graph, all, ids('c'))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('puts a visible cell that reads nothing first, the rest in graph order', () => {
    expect(buildOrder(graph, all, ids('d'))).toEqual(['d', 'a', 'b', 'e', 'c']);
    expect(buildOrder(graph, all, ids('e', 'd'))).toEqual(['a', 'd', 'e', 'b', 'c']);
  });

  it('keeps graph order when nothing is visible, or only cells that need no run', () => {
    expect(buildOrder(graph, all, new Set())).toEqual(graph.order);
    expect(buildOrder(graph, ids('b', 'c', 'd'), ids('a', 'zz'))).toEqual(['d', 'b', 'c']);
  });

  it('promotes a cell scrolled to mid-build: the rest of the build, re-ordered, puts it next', () => {
    // The build started with nothing visible: a ran, d runs now. The user scrolls to c.
    const started = buildOrder(graph, all, new Set());
    const left = started.slice(2);
    expect(left).toEqual(['b', 'e', 'c']);
    expect(buildOrder(graph, left, ids('c'))).toEqual(['b', 'c', 'e']);
  });

  it('runs an input already built no more, but still finds the pending cells above it', () => {
    // b was restored; a is pending (a hand edit left it stale) and c, on screen, reads b.
    expect(buildOrder(graph, ids('a', 'c', 'd'), ids('c'))).toEqual(['a', 'c', 'd']);
  });
});
