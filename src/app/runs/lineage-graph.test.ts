import { describe, expect, it } from 'vitest';
import { cellOutput } from '../../notebook/graph';
import { asCellId } from '../../notebook/ids';
import { newCell } from '../../notebook/ops';
import type { LineageLink } from '../../notebook/runs';
import { runBundle } from '../../storage/test-runs';
import {
  clip,
  inputsOf,
  layoutLineage,
  lineageGraph,
  modelBytes,
  nodeName,
  type LineageGraph,
} from './lineage-graph';
import { rowsOf, type RunRow } from './runs-view';

const bundle = runBundle();
const rows = rowsOf({ batches: [bundle.batch], runs: bundle.runs, notes: [], deletions: [] });
const [, logistic] = rows;
if (!logistic) throw new Error('fixture');
const featuresTable = cellOutput(
  bundle.batch.lineage.links[2]?.cell ?? newCell('brief', asCellId('x'), new Set()),
);

const edgesOf = (graph: LineageGraph): string[] => graph.edges.map((e) => `${e.from} → ${e.to}`);
const withLinks = (row: RunRow, links: readonly LineageLink[], input = row.batch.data.input): RunRow => ({
  ...row,
  batch: { ...row.batch, lineage: { links }, data: { ...row.batch.data, input } },
});

describe('lineageGraph', () => {
  it('draws source files → tables → the run → its model, with an edge from what each reads', () => {
    const graph = lineageGraph(logistic);
    expect(graph.nodes.map((n) => [n.kind, n.id, n.label])).toEqual([
      ['file', 'file:s1', 'customers.csv'],
      ['cell', 'cell:s1', 'customers'],
      ['cell', 'cell:q1', 'active'],
      ['cell', 'cell:f1', featuresTable],
      ['run', 'run', 'Logistic regression (C = 1)'],
      ['model', 'model', 'logistic'],
    ]);
    expect(edgesOf(graph)).toEqual([
      'file:s1 → cell:s1',
      'cell:s1 → cell:q1',
      'cell:q1 → cell:f1',
      'cell:f1 → run',
      'run → model',
    ]);
    expect(graph.nodes.map(nodeName)).toEqual([
      'Source file customers.csv',
      'Table customers (source)',
      'Table active (sql)',
      `Table ${featuresTable ?? ''} (features)`,
      'Run: Logistic regression (C = 1)',
      'Model: logistic',
    ]);
  });

  it('has the run read its training table and the brief; a source without a file has no file node', () => {
    const [source, active, features] = logistic.batch.lineage.links;
    if (!source || !active || !features) throw new Error('fixture');
    const brief: LineageLink = {
      cell: newCell('brief', asCellId('b1'), new Set()),
      fingerprint: 'b',
      upstream: [],
      fitted: null,
      sql: null,
    };
    const bare: LineageLink = { ...source, cell: { ...newCell('source', asCellId('s2'), new Set()) } };
    const feats: LineageLink = { ...features, upstream: [asCellId('b1'), asCellId('q1'), asCellId('s2')] };
    const graph = lineageGraph(
      withLinks(logistic, [source, bare, brief, active, feats], featuresTable ?? ''),
    );
    expect(graph.nodes.filter((n) => n.kind === 'file').map((n) => n.id)).toEqual(['file:s1']);
    expect(graph.nodes.find((n) => n.id === 'cell:b1')?.label).toBe('brief');
    expect(graph.nodes.filter((n) => n.id === 'cell:b1').map(nodeName)).toEqual(['Cell brief']);
    expect(inputsOf(graph, 'run').map((n) => n.id)).toEqual(['cell:b1', 'cell:f1']);
    expect(inputsOf(graph, 'cell:f1').map((n) => n.id)).toEqual(['cell:b1', 'cell:q1', 'cell:s2']);
  });

  it('falls back to the ends of the chain when the training table is not in it', () => {
    const graph = lineageGraph(withLinks(logistic, logistic.batch.lineage.links, 'gone'));
    expect(inputsOf(graph, 'run').map((n) => n.id)).toEqual(['cell:f1']);
  });

  it('calls a rule run’s model a rule', () => {
    const rule = { ...logistic, run: { ...logistic.run, spec: null } };
    expect(lineageGraph(rule).nodes.at(-1)?.label).toBe('rule');
  });
});

describe('layoutLineage', () => {
  it('puts files first, the model last, and nodes apart', () => {
    const layout = layoutLineage(lineageGraph(logistic));
    const layer = Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer]));
    expect(layer).toEqual({ 'file:s1': 0, 'cell:s1': 1, 'cell:q1': 2, 'cell:f1': 3, run: 4, model: 5 });
    const xs = layout.nodes.map((n) => n.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });
});

describe('helpers', () => {
  it('clips long labels with an ellipsis', () => {
    expect(clip('churn', 20)).toBe('churn');
    expect(clip('customers_with_a_very_long_name', 10)).toBe('customers…');
  });

  it('measures a model as JSON, typed arrays as numbers', () => {
    expect(modelBytes({ kind: 'logistic', w: [1, 2] })).toBe('{"kind":"logistic","w":[1,2]}'.length);
    expect(modelBytes({ w: Float32Array.from([1, 2]) })).toBe('{"w":[1,2]}'.length);
    expect(modelBytes({ name: 'é' })).toBe('{"name":"é"}'.length + 1);
  });
});
