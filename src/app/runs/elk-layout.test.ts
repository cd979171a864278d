import { describe, expect, it } from 'vitest';
import { crossings, layoutGraph, type Layout } from './elk-layout';

const box = (id: string) => ({ id, width: 100, height: 30 });
const edge = (from: string, to: string) => ({ from, to });

function expectNoOverlap(layout: Layout): void {
  for (const a of layout.nodes)
    for (const b of layout.nodes) {
      if (a === b) continue;
      const apart =
        a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
    }
  for (const n of layout.nodes) {
    expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
    expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
  }
}

describe('layoutGraph (elkjs, layered)', () => {
  it('lays a diamond with a long edge out left to right, nodes apart, each edge from a right side to a left side', async () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'].map(box);
    const edges = [
      edge('a', 'b'),
      edge('a', 'c'),
      edge('b', 'd'),
      edge('c', 'd'),
      edge('d', 'e'),
      edge('a', 'e'),
    ];
    const layout = await layoutGraph(nodes, [...edges, edge('a', 'ghost'), edge('b', 'b')]);
    expectNoOverlap(layout);
    const at = new Map(layout.nodes.map((n) => [n.id, n]));
    expect(layout.edges.map((e) => `${e.from}>${e.to}`)).toEqual(edges.map((e) => `${e.from}>${e.to}`));
    for (const e of layout.edges) {
      const [from, to] = [at.get(e.from), at.get(e.to)];
      const [first, last] = [e.points[0], e.points.at(-1)];
      if (!from || !to || !first || !last) throw new Error(`edge ${e.from}>${e.to} not placed`);
      expect(from.x).toBeLessThan(to.x);
      expect(first.x).toBeCloseTo(from.x + from.width);
      expect(last.x).toBeCloseTo(to.x);
    }
  });

  it('lays out nothing as an empty drawing', async () => {
    const layout = await layoutGraph([], []);
    expect(layout.nodes).toEqual([]);
    expect(layout.edges).toEqual([]);
  });
});

describe('crossings', () => {
  it('counts pairs of segments of different edges that cross, not those that touch', () => {
    const x = {
      from: 'a',
      to: 'b',
      points: [
        { x: 0, y: 0 },
        { x: 10, y: 10 },
      ],
    };
    const y = {
      from: 'c',
      to: 'd',
      points: [
        { x: 0, y: 10 },
        { x: 10, y: 0 },
      ],
    };
    const touching = {
      from: 'a',
      to: 'e',
      points: [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ],
    };
    expect(crossings({ edges: [x, y] })).toBe(1);
    expect(crossings({ edges: [x, touching] })).toBe(0);
    expect(crossings({ edges: [x, y, { ...y, from: 'f' }] })).toBe(2);
  });
});
