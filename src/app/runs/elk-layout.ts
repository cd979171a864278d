import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';

/*
 * The lineage graph's layout, by the Eclipse Layout Kernel (elkjs: its layered algorithm after
 * Sugiyama et al., with crossing minimisation, node placement by Brandes–Köpf and orthogonal edge
 * routing). Loaded on first use from the app's own origin (a chunk of its own, ~1.6 MB) and run
 * in the page: it evaluates nothing and fetches nothing, so the app's CSP holds. Lineage graphs
 * are tens of nodes, a few milliseconds of layout.
 */

export interface Box {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

export interface Link {
  readonly from: string;
  readonly to: string;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedBox extends Box {
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
}

export interface PlacedLink extends Link {
  /** From `from`'s right side to `to`'s left side, through the bends. */
  readonly points: readonly Point[];
}

export interface Layout {
  readonly nodes: readonly PlacedBox[];
  readonly edges: readonly PlacedLink[];
  readonly width: number;
  readonly height: number;
}

/** The layout options: left to right, ordered by the input where it does not matter. */
const OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '14',
  'elk.spacing.edgeNode': '10',
  'elk.spacing.edgeEdge': '6',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': '[top=0,left=0,bottom=0,right=0]',
};

interface Layouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}

let layouter: Promise<Layouter> | null = null;

/** ELK, loaded once; a failed load is tried again next time. */
function loadElk(): Promise<Layouter> {
  layouter ??= import('elkjs/lib/elk.bundled.js').then(
    ({ default: ELK }) => new ELK(),
    (e: unknown) => {
      layouter = null;
      throw e;
    },
  );
  return layouter;
}

/** Lays out `nodes` and the `edges` between them, left to right; edges with an unknown end are dropped. */
export async function layoutGraph(nodes: readonly Box[], edges: readonly Link[]): Promise<Layout> {
  const ids = new Set(nodes.map((n) => n.id));
  const kept = edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
  const elkEdges: ElkExtendedEdge[] = kept.map((e, i) => ({
    id: `e${i}`,
    sources: [e.from],
    targets: [e.to],
  }));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: { ...OPTIONS },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: elkEdges,
  };
  const elk = await loadElk();
  const laid = await elk.layout(graph);
  return fromElk(laid, nodes, kept);
}

function fromElk(laid: ElkNode, nodes: readonly Box[], edges: readonly Link[]): Layout {
  const at = new Map((laid.children ?? []).map((c) => [c.id, c]));
  const placed = nodes.map((n): PlacedBox => {
    const c = at.get(n.id);
    return { ...n, x: c?.x ?? 0, y: c?.y ?? 0 };
  });
  const routes = new Map((laid.edges ?? []).map((e) => [e.id, e]));
  const placedEdges = edges.map((e, i): PlacedLink => {
    const section = routes.get(`e${i}`)?.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    return { ...e, points: points.map((p) => ({ x: p.x, y: p.y })) };
  });
  return { nodes: placed, edges: placedEdges, width: laid.width ?? 0, height: laid.height ?? 0 };
}

/** How many pairs of edge segments cross (segments of one edge, or touching at an end, do not count). */
export function crossings(layout: Pick<Layout, 'edges'>): number {
  const segments = layout.edges.flatMap((e, edge) =>
    e.points.slice(1).map((b, i) => ({ edge, a: e.points[i] ?? b, b })),
  );
  let count = 0;
  for (let i = 0; i < segments.length; i++)
    for (let j = i + 1; j < segments.length; j++) {
      const [s, t] = [segments[i], segments[j]];
      if (s && t && s.edge !== t.edge && properlyCross(s.a, s.b, t.a, t.b)) count++;
    }
  return count;
}

function properlyCross(p: Point, q: Point, r: Point, s: Point): boolean {
  const side = (a: Point, b: Point, c: Point) =>
    Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  const [d1, d2, d3, d4] = [side(r, s, p), side(r, s, q), side(p, q, r), side(p, q, s)];
  return d1 * d2 < 0 && d3 * d4 < 0;
}
