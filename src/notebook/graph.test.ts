import { describe, expect, it } from 'vitest';
import {
  buildGraph,
  cellOutput,
  fingerprints,
  graphProblem,
  staleCells,
  transitiveDownstream,
  transitiveUpstream,
} from './graph';
import { asCellId } from './ids';
import { updateConfig } from './ops';
import { LATER, SHA_A, sampleCase, sqlCell } from './test-helpers';
import type { CellId } from './ids';
import { defaultBrief } from './kinds/brief';
import type { BriefConfig, Case, Cell } from './types';

const id = asCellId;
const fp = (c: Case): Map<CellId, string> => fingerprints(c.cells, buildGraph(c.cells));

describe('buildGraph', () => {
  it('links cells by the tables they read and write, case-insensitively', () => {
    const graph = buildGraph(sampleCase().cells);
    expect(graph.order).toEqual(['s1', 'q1', 'q2', 'm1']);
    expect(graph.upstream.get(id('q1'))).toEqual(['s1']);
    expect(graph.upstream.get(id('q2'))).toEqual(['q1']);
    expect(graph.downstream.get(id('s1'))).toEqual(['q1']);
    expect(graph.downstream.get(id('q2'))).toEqual([]);
    expect(graph.problems.size).toBe(0);
    const upper = buildGraph([
      sqlCell('a', 'Orders', 'SELECT 1', []),
      sqlCell('b', 'x', 'SELECT * FROM orders, ORDERS', ['orders', 'ORDERS']),
    ]);
    expect(upper.upstream.get(id('b'))).toEqual(['a']);
  });

  it('names the output of source and SQL cells, and none for markdown', () => {
    const [source, sql, , markdown] = sampleCase().cells;
    expect([source, sql, markdown].map((c) => (c ? cellOutput(c) : 'missing'))).toEqual([
      'customers',
      'active',
      null,
    ]);
  });

  it('orders topologically, ties in document order, even when a reader sits above its writer', () => {
    const graph = buildGraph([
      sqlCell('late', 'b', 'SELECT * FROM a', ['a']),
      sqlCell('free', 'f', 'SELECT 1', []),
      sqlCell('early', 'a', 'SELECT 1', []),
      sqlCell('join', 'j', 'SELECT * FROM b, f', ['b', 'f']),
    ]);
    expect(graph.order).toEqual(['free', 'early', 'late', 'join']);
  });

  it('lets the first cell in document order keep a duplicated output', () => {
    const graph = buildGraph([
      sqlCell('a', 't', 'SELECT 1', []),
      sqlCell('b', 'T', 'SELECT 2', []),
      sqlCell('r', 'x', 'SELECT * FROM t', ['t']),
    ]);
    expect(graph.problems.get(id('b'))).toEqual({ kind: 'duplicate-output', table: 'T', otherCell: 'a' });
    expect(graph.problems.has(id('a'))).toBe(false);
    expect(graph.upstream.get(id('r'))).toEqual(['a']);
  });

  it('reports a cell that reads its own output', () => {
    const graph = buildGraph([sqlCell('c', 'self', 'SELECT * FROM Self', ['Self'])]);
    expect(graph.problems.get(id('c'))).toEqual({ kind: 'self-reference', table: 'Self' });
    expect(graph.upstream.get(id('c'))).toEqual([]);
    expect(graph.order).toEqual(['c']);
  });

  it('puts the cells of a cycle last, in document order, then the cells that read from it', () => {
    const graph = buildGraph([
      sqlCell('after', 'z', 'SELECT * FROM x', ['x']),
      sqlCell('d', 'x', 'SELECT * FROM y', ['y']),
      sqlCell('free', 'f', 'SELECT 1', []),
      sqlCell('e', 'y', 'SELECT * FROM x', ['x']),
      sqlCell('p', 'p', 'SELECT * FROM q', ['q']),
      sqlCell('q', 'q', 'SELECT * FROM p', ['p']),
    ]);
    expect(graph.order).toEqual(['free', 'd', 'e', 'after', 'p', 'q']);
    expect(graph.problems.get(id('d'))).toEqual({ kind: 'cycle', cells: ['d', 'e'] });
    expect(graph.problems.get(id('e'))).toEqual({ kind: 'cycle', cells: ['d', 'e'] });
    expect(graph.problems.get(id('p'))).toEqual({ kind: 'cycle', cells: ['p', 'q'] });
    expect(graph.problems.has(id('after'))).toBe(false);
    expect(graph.problems.has(id('free'))).toBe(false);
    expect(transitiveUpstream(graph, id('after'))).toEqual(['d', 'e']);
  });

  it('ignores reads of tables that no cell writes, and blank outputs', () => {
    const graph = buildGraph([
      sqlCell('a', '', 'SELECT 1', []),
      sqlCell('b', ' ', 'SELECT 1', []),
      sqlCell('c', 't', 'SELECT * FROM nowhere', ['nowhere', '']),
    ]);
    expect(graph.upstream.get(id('c'))).toEqual([]);
    expect(graph.problems.size).toBe(0);
  });

  it('handles long chains without deep recursion', () => {
    const n = 20_000;
    const cells = Array.from({ length: n }, (_, i) =>
      sqlCell(`c${i}`, `t${i}`, 'SELECT 1', i === 0 ? [] : [`t${i - 1}`]),
    );
    const graph = buildGraph(cells.toReversed());
    expect(graph.order[0]).toBe('c0');
    expect(graph.order.at(-1)).toBe(`c${n - 1}`);
    expect(transitiveDownstream(graph, id('c0'))).toHaveLength(n - 1);
    expect(fingerprints(cells, graph).size).toBe(n);
  });
});

describe('graph problems for people', () => {
  it('say what to change, each as a graph problem', () => {
    expect(graphProblem({ kind: 'duplicate-output', table: 'T', otherCell: id('a') })).toEqual({
      code: 'graph',
      message: 'Another cell above already creates "T". Give this cell\'s output another name.',
    });
    expect(graphProblem({ kind: 'cycle', cells: [id('a'), id('b')] })).toEqual({
      code: 'graph',
      message: 'These cells read each other in a circle. Break the loop by renaming an output.',
    });
    expect(graphProblem({ kind: 'self-reference', table: 'Self' })).toEqual({
      code: 'graph',
      message: 'This cell reads "Self", the table it creates. Read another table.',
    });
  });
});

describe('transitive closures', () => {
  it('follow the graph both ways, in graph order, without the cell itself', () => {
    const graph = buildGraph(sampleCase().cells);
    expect(transitiveDownstream(graph, id('s1'))).toEqual(['q1', 'q2']);
    expect(transitiveDownstream(graph, id('q2'))).toEqual([]);
    expect(transitiveUpstream(graph, id('q2'))).toEqual(['s1', 'q1']);
    const cyclic = buildGraph([sqlCell('a', 'a', '', ['b']), sqlCell('b', 'b', '', ['a'])]);
    expect(transitiveDownstream(cyclic, id('a'))).toEqual(['b']);
  });
});

describe('fingerprints and staleness', () => {
  it('are deterministic and differ between cells', () => {
    const c = sampleCase();
    const first = fp(c);
    expect(fp(structuredClone(c))).toEqual(first);
    expect(new Set(first.values()).size).toBe(4);
    for (const value of first.values()) expect(value).toMatch(/^[0-9a-f]{16}$/);
  });

  it('change for a changed cell and everything downstream, and nothing else', () => {
    const before = sampleCase();
    const after = updateConfig(before, id('q1'), 'sql', { sql: 'SELECT * FROM customers WHERE 1' }, LATER);
    const [fpBefore, fpAfter] = [fp(before), fp(after)];
    expect(fpAfter.get(id('s1'))).toBe(fpBefore.get(id('s1')));
    expect(fpAfter.get(id('q1'))).not.toBe(fpBefore.get(id('q1')));
    expect(fpAfter.get(id('q2'))).not.toBe(fpBefore.get(id('q2')));
    expect([...staleCells(after.cells, fpAfter, fpBefore)].sort()).toEqual(['q1', 'q2']);
    expect(staleCells(before.cells, fpBefore, fpBefore).size).toBe(0);
  });

  it('count the champion for a cell that scores with it, and for the cells below, and for no other', () => {
    const base = sampleCase();
    const score = (cellId: string, version: number | null): Cell => ({
      id: id(cellId),
      kind: 'score',
      config: { input: 'customers', version, output: `scores_${cellId}` },
      reads: ['customers'],
    });
    const cells = [
      ...base.cells,
      score('champ', null),
      score('pinned', 2),
      sqlCell('below', 'scores_champ_top', 'SELECT * FROM scores_champ', ['scores_champ']),
    ];
    const graph = buildGraph(cells);
    const v1 = fingerprints(cells, graph, { champion: 'version-1' });
    const v2 = fingerprints(cells, graph, { champion: 'version-2' });
    const none = fingerprints(cells, graph, { champion: null });
    expect(v2.get(id('champ'))).not.toBe(v1.get(id('champ')));
    expect(none.get(id('champ'))).not.toBe(v1.get(id('champ')));
    expect(v2.get(id('below'))).not.toBe(v1.get(id('below')));
    expect([...staleCells(cells, v2, v1)].sort()).toEqual(['below', 'champ']);
    // No other fingerprint moves: the cells that read no champion hash as they did before.
    expect(v2.get(id('pinned'))).toBe(v1.get(id('pinned')));
    expect(fingerprints(base.cells, buildGraph(base.cells), { champion: 'version-1' })).toEqual(fp(base));
  });

  it("count the brief's time column for a profile of the brief's table, and no other part of the brief", () => {
    const profile: Cell = {
      id: id('p1'),
      kind: 'profile',
      config: { input: 'active', target: 'churned', sampleRows: 200_000 },
      reads: ['active'],
    };
    const brief = (patch: Partial<BriefConfig>): Cell => ({
      id: id('b1'),
      kind: 'brief',
      config: { ...defaultBrief(), input: 'active', target: 'churned', ...patch },
      reads: ['active'],
    });
    const at = (cells: Cell[]) =>
      fp({ ...sampleCase(), cells: [...sampleCase().cells, ...cells] }).get(id('p1'));
    const untimed = at([brief({}), profile]);
    const timed = at([brief({ timeColumn: 'month' }), profile]);
    expect(timed).not.toBe(untimed); // the time column orders the rows the profile reads for lags
    expect(at([brief({ timeColumn: 'week' }), profile])).not.toBe(timed);
    // The rest of the brief is not read: its metric, or a brief of another table, leave it fresh.
    expect(at([brief({ timeColumn: 'month', metric: 'pr_auc' }), profile])).toBe(timed);
    expect(at([brief({ timeColumn: 'month', input: 'summary' }), profile])).toBe(untimed);
    expect(at([profile])).toBe(untimed);
    // And the profile is not below the brief: it runs without waiting for it.
    const cells = [...sampleCase().cells, brief({ timeColumn: 'month' }), profile];
    expect(buildGraph(cells).upstream.get(id('p1'))).toEqual(['q1']);
  });

  it('do not count a source note or markdown text', () => {
    const before = sampleCase();
    const noted = updateConfig(before, id('s1'), 'source', { note: 'another note' }, LATER);
    expect(fp(noted)).toEqual(fp(before));
    const edited = updateConfig(before, id('m1'), 'markdown', { text: '# Other notes' }, LATER);
    expect(fp(edited).get(id('q2'))).toBe(fp(before).get(id('q2')));
    expect(fp(edited).get(id('m1'))).not.toBe(fp(before).get(id('m1')));
  });

  it('count a source file by content, not by name or import time', () => {
    const before = sampleCase();
    const file = {
      sha256: SHA_A,
      name: 'renamed.csv',
      sizeBytes: 10,
      format: 'csv',
      importedAt: LATER,
    } as const;
    const reimported = updateConfig(before, id('s1'), 'source', { file }, LATER);
    expect(fp(reimported)).toEqual(fp(before));
    const replaced = updateConfig(
      before,
      id('s1'),
      'source',
      { file: { ...file, sha256: 'b'.repeat(64) } },
      LATER,
    );
    expect(fp(replaced).get(id('q2'))).not.toBe(fp(before).get(id('q2')));
    const csv = { delimiter: ';', header: true, skipBadRows: false } as const;
    const reparsed = updateConfig(before, id('s1'), 'source', { csv }, LATER);
    expect(fp(reparsed).get(id('q2'))).not.toBe(fp(before).get(id('q2')));
  });

  it('change downstream when a read starts to resolve to a new cell', () => {
    const cells: Cell[] = [sqlCell('r', 'out', 'SELECT * FROM t', ['t'])];
    const alone = fingerprints(cells, buildGraph(cells));
    const withWriter = [...cells, sqlCell('w', 't', 'SELECT 1', [])];
    expect(fingerprints(withWriter, buildGraph(withWriter)).get(id('r'))).not.toBe(alone.get(id('r')));
  });

  it('treat never-run cells as stale, and markdown never', () => {
    const c = sampleCase();
    const current = fp(c);
    expect([...staleCells(c.cells, current, new Map())].sort()).toEqual(['q1', 'q2', 's1']);
    const ranOnce = new Map([[id('s1'), current.get(id('s1')) ?? '']]);
    expect([...staleCells(c.cells, current, ranOnce)].sort()).toEqual(['q1', 'q2']);
    expect(staleCells(c.cells, new Map(), new Map()).has(id('m1'))).toBe(false);
  });
});
