import { describe, expect, it } from 'vitest';
import { countCrossings, layoutDag, longestPathLayers, type Layout, type LayoutEdge } from './dag-layout';

const box = (id: string, height = 30) => ({ id, width: 100, height });
const edge = (from: string, to: string): LayoutEdge => ({ from, to });
const SPACING = { layerGap: 40, nodeGap: 10, bendHeight: 4 };

const layerOf = (layout: Layout): Record<string, number> =>
  Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer]));
/** Node ids per layer, top to bottom. */
const rowsOf = (layout: Layout): string[][] => {
  const rows: string[][] = [];
  for (const n of [...layout.nodes].sort((a, b) => a.layer - b.layer || a.y - b.y))
    (rows[n.layer] ??= []).push(n.id);
  return rows;
};

function expectNoOverlap(layout: Layout): void {
  const nodes = layout.nodes;
  for (const a of nodes)
    for (const b of nodes) {
      if (a === b) continue;
      const apart =
        a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
    }
  for (const n of nodes) {
    expect(n.x).toBeGreaterThanOrEqual(0);
    expect(n.y).toBeGreaterThanOrEqual(0);
    expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
    expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
  }
}

/** Every edge starts on the right side of its `from` node and ends on the left side of its `to`. */
function expectEdgesConnect(layout: Layout): void {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  for (const e of layout.edges) {
    const [from, to] = [byId.get(e.from), byId.get(e.to)];
    const [first, last] = [e.points[0], e.points.at(-1)];
    if (!from || !to || !first || !last) throw new Error(`edge ${e.from} → ${e.to} is not placed`);
    expect(first).toEqual({ x: from.x + from.width, y: from.y + from.height / 2 });
    expect(last).toEqual({ x: to.x, y: to.y + to.height / 2 });
    // Left to right, one point per layer crossed.
    expect(e.points).toHaveLength(to.layer - from.layer + 1);
    for (let i = 1; i < e.points.length; i++)
      expect(e.points[i]?.x ?? 0).toBeGreaterThan(e.points[i - 1]?.x ?? 0);
  }
}

describe('longestPathLayers', () => {
  it('puts a node one past its highest predecessor', () => {
    const layers = longestPathLayers(['a', 'b', 'c'], [edge('a', 'b'), edge('b', 'c'), edge('a', 'c')]);
    expect(Object.fromEntries(layers)).toEqual({ a: 0, b: 1, c: 2 });
  });

  it('ends on a cycle instead of looping', () => {
    const layers = longestPathLayers(['a', 'b'], [edge('a', 'b'), edge('b', 'a')]);
    expect([...layers.keys()].sort()).toEqual(['a', 'b']);
  });
});

describe('layoutDag', () => {
  it('lays a chain out in a row, one layer per node', () => {
    const layout = layoutDag([box('a'), box('b'), box('c')], [edge('a', 'b'), edge('b', 'c')], SPACING);
    expect(layerOf(layout)).toEqual({ a: 0, b: 1, c: 2 });
    expect(layout.nodes.map((n) => n.x)).toEqual([0, 140, 280]);
    expect(new Set(layout.nodes.map((n) => n.y))).toEqual(new Set([0]));
    expect(layout.width).toBe(380);
    expect(layout.height).toBe(30);
    expectEdgesConnect(layout);
  });

  it('lays a diamond out in three layers, the middle two stacked', () => {
    const layout = layoutDag(
      [box('top'), box('left'), box('right'), box('bottom')],
      [edge('top', 'left'), edge('top', 'right'), edge('left', 'bottom'), edge('right', 'bottom')],
      SPACING,
    );
    expect(layerOf(layout)).toEqual({ top: 0, left: 1, right: 1, bottom: 2 });
    expect(rowsOf(layout)).toEqual([['top'], ['left', 'right'], ['bottom']]);
    // The single nodes are centred on the stacked pair.
    expect(layout.height).toBe(70);
    const y = Object.fromEntries(layout.nodes.map((n) => [n.id, n.y]));
    expect(y).toEqual({ top: 20, left: 0, right: 40, bottom: 20 });
    expectNoOverlap(layout);
    expectEdgesConnect(layout);
    expect(layout.edges.map((e) => `${e.from}→${e.to}`)).toEqual([
      'top→left',
      'top→right',
      'left→bottom',
      'right→bottom',
    ]);
  });

  it('bends a long edge through the layers it crosses, around the nodes there', () => {
    // a → b → c → d and a → d: the long edge takes a bend in layers 1 and 2.
    const layout = layoutDag(
      [box('a'), box('b'), box('c'), box('d')],
      [edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('a', 'd')],
      SPACING,
    );
    expect(layerOf(layout)).toEqual({ a: 0, b: 1, c: 2, d: 3 });
    const long = layout.edges.find((e) => e.from === 'a' && e.to === 'd');
    expect(long?.points).toHaveLength(4);
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const [i, id] of [
      [1, 'b'],
      [2, 'c'],
    ] as const) {
      const bend = long?.points[i];
      const node = byId.get(id);
      if (!bend || !node) throw new Error('missing');
      // Not through the node of that layer.
      expect(bend.y < node.y || bend.y > node.y + node.height).toBe(true);
    }
    expectNoOverlap(layout);
    expectEdgesConnect(layout);
  });

  it('orders a layer by its neighbours to remove crossings', () => {
    // Given in the crossing order: a→y, b→x.
    const nodes = [box('a'), box('b'), box('x'), box('y')];
    const edges = [edge('a', 'y'), edge('b', 'x')];
    expect(
      countCrossings(
        [
          ['a', 'b'],
          ['x', 'y'],
        ],
        edges,
      ),
    ).toBe(1);
    const layout = layoutDag(nodes, edges, SPACING);
    const rows = rowsOf(layout);
    expect(rows).toEqual([
      ['a', 'b'],
      ['y', 'x'],
    ]);
    expect(countCrossings(rows, edges)).toBe(0);
    expectNoOverlap(layout);
  });

  it('gives every node its own space, with nodes of different heights', () => {
    const nodes = [
      box('s1', 20),
      box('s2', 44),
      box('s3'),
      box('t1'),
      box('t2', 50),
      box('run'),
      box('model'),
    ];
    const edges = [
      edge('s1', 't1'),
      edge('s2', 't1'),
      edge('s3', 't2'),
      edge('t1', 't2'),
      edge('s1', 'run'),
      edge('t2', 'run'),
      edge('run', 'model'),
    ];
    const layout = layoutDag(nodes, edges, SPACING);
    expect(layerOf(layout)).toEqual({ s1: 0, s2: 0, s3: 0, t1: 1, t2: 2, run: 3, model: 4 });
    expectNoOverlap(layout);
    expectEdgesConnect(layout);
  });

  it('is deterministic, and keeps input order among ties', () => {
    const nodes = [box('c'), box('a'), box('b'), box('d')];
    const edges = [edge('c', 'd'), edge('a', 'd'), edge('b', 'd')];
    const first = layoutDag(nodes, edges, SPACING);
    expect(layoutDag(nodes, edges, SPACING)).toEqual(first);
    expect(rowsOf(first)).toEqual([['c', 'a', 'b'], ['d']]);
  });

  it('drops edges to unknown nodes and self-loops; lays out nothing as nothing', () => {
    const layout = layoutDag([box('a')], [edge('a', 'ghost'), edge('a', 'a')], SPACING);
    expect(layout.edges).toEqual([]);
    expect(layout.nodes).toHaveLength(1);
    expect(layoutDag([], [], SPACING)).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });
});
