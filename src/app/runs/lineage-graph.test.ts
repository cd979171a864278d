import { describe, expect, it } from 'vitest';
import { cellOutput } from '../../notebook/graph';
import type { ReportExportContents } from '../../notebook/exports';
import { asCaseId, asCellId, asRunId, type RunId } from '../../notebook/ids';
import { newCell } from '../../notebook/ops';
import type { LineageLink } from '../../notebook/runs';
import { evaluationRecord } from '../../storage/test-evaluations';
import { exportRecord } from '../../storage/test-exports';
import { runBundle } from '../../storage/test-runs';
import {
  clip,
  inputsOf,
  layoutLineage,
  lineageGraph,
  modelBytes,
  nodeCaption,
  nodeName,
  type LineageGraph,
} from './lineage-graph';
import { findNodes, lineageOf, subgraph } from './lineage-search';
import { rowsOf, type RunRow } from './runs-view';

const bundle = runBundle();
const rows = rowsOf({ batches: [bundle.batch], runs: bundle.runs, notes: [], deletions: [] });
const [, logistic] = rows;
if (!logistic) throw new Error('fixture');
const featuresTable = cellOutput(
  bundle.batch.lineage.links[2]?.cell ?? newCell('brief', asCellId('x'), new Set()),
);

const reportOf = (runId: RunId): ReportExportContents => ({
  kind: 'report',
  caseId: asCaseId('case-1'),
  caseTitle: 'Churn',
  cells: [],
  runs: [{ runId, batchId: 'batch-1', cellId: asCellId('t1'), label: 'Logistic' }],
  fingerprints: [],
});
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
  it('lays the chain out left to right: files first, the model and its exports last, nodes apart', async () => {
    const layout = await layoutLineage(lineageGraph(logistic, [exportRecord()]));
    const x = Object.fromEntries(layout.nodes.map((n) => [n.id, n.x]));
    const order = ['file:s1', 'cell:s1', 'cell:q1', 'cell:f1', 'run', 'model'];
    for (const [a, b] of order.slice(1).map((id, i) => [order[i] ?? '', id] as const))
      expect(x[a] ?? 0, `${a} before ${b}`).toBeLessThan(x[b] ?? 0);
    expect(x['export:export-1'] ?? 0).toBeGreaterThan(x['run'] ?? 0);
    expect(layout.width).toBeGreaterThan(0);
  });
});

describe('export nodes', () => {
  it('shows each export that holds the run: a report after the run, a bundle after the model', () => {
    const report = exportRecord({ contents: reportOf(logistic.run.id) });
    const bundle = exportRecord({
      id: 'export-2',
      contents: {
        kind: 'model-bundle',
        caseId: asCaseId('case-1'),
        caseTitle: 'Churn',
        run: { runId: logistic.run.id, batchId: 'batch-1', cellId: asCellId('t1'), label: 'Logistic' },
        modelVersion: null,
      },
    });
    const elsewhere = exportRecord({ id: 'export-3', contents: reportOf(asRunId('run-9')) });
    const graph = lineageGraph(logistic, [report, bundle, elsewhere]);
    const exported = graph.nodes.filter((n) => n.kind === 'export');
    expect(exported.map((n) => [n.id, nodeName(n), nodeCaption(n)])).toEqual([
      ['export:export-1', 'Report Churn.html', 'report'],
      ['export:export-2', 'Model bundle Churn.html', 'bundle'],
    ]);
    expect(edgesOf(graph).slice(-2)).toEqual(['run → export:export-1', 'model → export:export-2']);
  });

  it('shows the run’s evaluations after it, and a report made from one after that evaluation (issue 22, item 3)', () => {
    const judged = evaluationRecord({ id: '3f'.repeat(32), runId: logistic.run.id });
    const other = evaluationRecord({ id: 'f'.repeat(64), runId: 'run-9' });
    const report = exportRecord({ contents: { ...reportOf(logistic.run.id), evaluations: [judged.id] } });
    const graph = lineageGraph(logistic, [report], [judged, other]);
    const evaluations = graph.nodes.filter((n) => n.kind === 'evaluation');
    expect(evaluations.map((n) => [n.id, n.label, nodeName(n), nodeCaption(n)])).toEqual([
      [
        `evaluation:${judged.id}`,
        'ROC AUC 0.840',
        'Evaluation: ROC AUC 0.840, 2026-04-01T00:00:00.000Z',
        'evaluation',
      ],
    ]);
    expect(edgesOf(graph).slice(-2)).toEqual([
      `run → evaluation:${judged.id}`,
      `evaluation:${judged.id} → export:export-1`,
    ]);
    expect(findNodes(graph, logistic, judged.id.slice(0, 12))).toEqual([`evaluation:${judged.id}`]);
  });
});

describe('finding nodes', () => {
  const report = exportRecord({ sha256: '0123abcd'.repeat(8), contents: reportOf(logistic.run.id) });
  const graph = lineageGraph(logistic, [report]);

  it('finds nodes by name or by any hash they carry, in any case', () => {
    expect(findNodes(graph, logistic, 'ACTIVE')).toEqual(['cell:q1']);
    expect(findNodes(graph, logistic, '0123ABCD0123')).toEqual(['export:export-1']);
    expect(findNodes(graph, logistic, logistic.batch.data.fingerprint.slice(0, 12))).toEqual(['run']);
    const file = graph.nodes.find((n) => n.kind === 'file');
    const sha = file?.kind === 'file' ? file.file.sha256 : '';
    expect(findNodes(graph, logistic, sha)).toEqual(['file:s1']);
    expect(findNodes(graph, logistic, '  ')).toEqual([]);
    expect(findNodes(graph, logistic, 'no such thing')).toEqual([]);
  });

  it('focuses on a node: what made it and what was made from it, nothing beside', () => {
    const withSide = {
      nodes: [...graph.nodes, { kind: 'model' as const, id: 'side', label: 'side' }],
      edges: [...graph.edges, { from: 'cell:s1', to: 'side' }],
    };
    expect([...lineageOf(withSide, 'cell:q1')].sort()).toEqual(
      ['cell:f1', 'cell:q1', 'cell:s1', 'export:export-1', 'file:s1', 'model', 'run'].sort(),
    );
    expect([...lineageOf(withSide, 'side')].sort()).toEqual(['cell:s1', 'file:s1', 'side']);
    const focused = subgraph(withSide, lineageOf(withSide, 'side'));
    expect(focused.edges).toEqual([
      { from: 'file:s1', to: 'cell:s1' },
      { from: 'cell:s1', to: 'side' },
    ]);
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
