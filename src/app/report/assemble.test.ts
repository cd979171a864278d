import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvaluate } from '../../cells/evaluate/run';
import { evaluateStoredBatch } from '../../cells/evaluate/stored';
import { briefOf, memoryRuns, testContext } from '../../cells/testing';
import type { EvaluateResult } from '../../cells/evaluate/result';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { mulberry32 } from '../../ml/models/prng';
import { DEFAULT_BOOTSTRAP, type EvaluateConfig } from '../../notebook/evaluate-types';
import { asCaseId, asCellId } from '../../notebook/ids';
import { addCell, createCase, newCell } from '../../notebook/ops';
import type { FoundRun } from '../../notebook/explanations';
import type { RunBatchBundle } from '../../notebook/runs';
import type { BriefConfig, Case } from '../../notebook/types';
import { renderReport } from '../../report';
import { runBundle } from '../../storage/test-runs';
import { assembleReport, reportableCells, type ReportSources } from './assemble';

/*
 * A stored batch of 60 validation rows, stored in shuffled row order as a train cell keeps them,
 * judged from storage and by the evaluate cell on the predictions table it would have written.
 */
const N = 60;
const NOW = '2026-03-02T00:00:00.000Z';
const random = mulberry32(7);
const rowIds = Int32Array.from(Array.from({ length: N }, (_, i) => (i + 1) * 3).sort(() => random() - 0.5));
const truth = Float32Array.from(rowIds, () => (random() < 0.35 ? 1 : 0));
const noisy = (signal: number): number => Math.min(1, Math.max(0, signal * 0.6 + random() * 0.4));
const base = runBundle();
const bundle: RunBatchBundle = {
  batch: {
    ...base.batch,
    validationRowIds: rowIds,
    validationTruth: truth,
    data: { ...base.batch.data, rows: { train: 140, validation: N } },
  },
  runs: base.runs,
  artifacts: base.artifacts.map((a, i) => ({
    ...a,
    scores: a.scores === null ? null : Float32Array.from(truth, (t) => (i === 0 ? 0.35 : noisy(t))),
  })),
};

const BRIEF: BriefConfig = briefOf({
  input: 'people',
  target: 'churn',
  bar: 0.7,
  values: { tp: 150, fp: -50, tn: 0, fn: 0 },
});
const CONFIG: EvaluateConfig = {
  input: 'predictions',
  threshold: null,
  slices: [],
  bootstrap: { ...DEFAULT_BOOTSTRAP, resamples: 200 },
  model: null,
  champion: null,
};

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  const scores = new Map(bundle.artifacts.map((a) => [a.runId, a.scores]));
  const rows = bundle.runs.flatMap((run) => {
    const s = scores.get(run.id);
    if (!s || run.status !== 'done') return [];
    return Array.from(
      rowIds,
      (id, i) => `('${run.id}', '${run.label}', '${run.role}', ${id}, ${truth[i]}, '${s[i]}')`,
    );
  });
  await engine.exec(`CREATE TABLE predictions AS SELECT run_id, run, role, CAST(row_id AS INTEGER) AS row_id,
    CAST(truth AS DOUBLE) AS truth, CAST(score AS DOUBLE) AS score FROM (VALUES ${rows.join(', ')}) AS t(run_id, run, role, row_id, truth, score)`);
});
afterAll(() => engine.terminate());

async function fromTable(): Promise<EvaluateResult> {
  const output = await runEvaluate(testContext(engine, BRIEF), {
    id: asCellId('e1'),
    kind: 'evaluate',
    config: CONFIG,
    reads: [],
  });
  return output;
}

function caseWith(): Case {
  let doc = createCase(asCaseId('case-1'), 'Churn <b>report</b>', '2026-03-01T00:00:00.000Z');
  const now = '2026-03-01T00:00:00.000Z';
  const note = newCell('markdown', asCellId('m1'), new Set());
  doc = addCell(doc, { ...note, config: { text: '# Why\n\n<img src=x onerror=alert(1)>' } }, 0, now);
  const brief = newCell('brief', asCellId('b1'), new Set());
  doc = addCell(doc, { ...brief, config: BRIEF }, 1, now);
  const train = newCell('train', asCellId('t1'), new Set());
  doc = addCell(
    doc,
    { ...train, config: { ...train.config, input: 'features', output: 'predictions' } },
    2,
    now,
  );
  const evaluate = newCell('evaluate', asCellId('e1'), new Set());
  doc = addCell(doc, { ...evaluate, config: CONFIG }, 3, now);
  const empty = newCell('markdown', asCellId('m2'), new Set());
  return addCell(doc, empty, 4, now);
}

describe('the report from stored runs', () => {
  it('judges a stored batch exactly as the evaluate cell judges the predictions table it wrote', async () => {
    const table = await fromTable();
    const stored = evaluateStoredBatch(bundle, BRIEF, CONFIG);
    expect(stored.rows).toBe(N);
    expect(stored.runs.map((r) => r.id)).toEqual(table.runs.map((r) => r.id));
    for (const [i, run] of stored.runs.entries()) {
      const other = table.runs[i];
      expect(run.metrics, run.label).toEqual(other?.metrics);
      if (run.kind === 'binary' && other?.kind === 'binary') {
        expect(run.threshold).toBe(other.threshold);
        expect(run.value.atThreshold).toEqual(other.value.atThreshold);
      }
    }
    expect(stored.verdict).toEqual(table.verdict);
  });

  it('renders the chosen cells from the case and the stored batch, the same bytes each time', () => {
    const doc = caseWith();
    const { document } = new JSDOM('').window;
    const sources: ReportSources = {
      doc,
      output: () => null,
      batches: new Map([[asCellId('t1'), bundle]]),
      evaluations: [],
      document,
    };
    expect(reportableCells(sources)).toEqual(['m1', 'b1', 't1', 'e1']);
    const choice = {
      cellIds: [asCellId('e1'), asCellId('t1'), asCellId('m1')],
      summary: 'Ship it.',
      exportedAt: '2026-03-02T00:00:00.000Z',
      appVersion: '0.1.0',
    };
    const input = assembleReport(sources, choice);
    expect(input.sections.map((s) => s.kind)).toEqual(['evaluation', 'models', 'markdown']);
    expect(input.stamp.runIds).toEqual(bundle.runs.map((r) => r.id));
    expect(input.stamp.fingerprints).toEqual([{ label: 'Training data features', value: 'd'.repeat(64) }]);
    const evaluation = input.sections[0];
    expect(evaluation?.kind === 'evaluation' ? evaluation.figures.map((f) => f.caption) : []).toEqual([
      'ROC curve',
      'Value per 1,000 cases by threshold',
    ]);
    const html = renderReport(input);
    // Drawn again (Plot's clip-path counter has moved on): the same bytes.
    expect(renderReport(assembleReport(sources, choice))).toBe(html);
    expect(html).not.toMatch(/<script|<img|<[^>]+\son\w+\s*=/i);
    expect(html).toContain('Churn &lt;b&gt;report&lt;/b&gt;');
  });

  it('names the evaluation record the evaluate cell stored for the verdict it shows (issue 22, item 3)', async () => {
    const runs = memoryRuns();
    const found = (runId: string): FoundRun | null => {
      const run = bundle.runs.find((r) => r.id === runId);
      const artifact = bundle.artifacts.find((a) => a.runId === runId) ?? null;
      return run ? { batch: bundle.batch, run, artifact, hidden: false } : null;
    };
    const ctx = testContext(engine, BRIEF, {
      runs: { ...runs, findRun: (id) => Promise.resolve(found(id)) },
    });
    const cell = { id: asCellId('e1'), kind: 'evaluate', config: CONFIG, reads: [] } as const;
    const output = await runEvaluate(ctx, cell);
    const [record] = runs.evaluations;
    expect(output.record).toEqual({ id: record?.id, evaluatedAt: record?.evaluatedAt });
    const { document } = new JSDOM('').window;
    const sources: ReportSources = {
      doc: caseWith(),
      output: () => null,
      batches: new Map([[asCellId('t1'), bundle]]),
      evaluations: runs.evaluations,
      document,
    };
    const choice = { cellIds: [asCellId('e1')], summary: '', exportedAt: NOW, appVersion: '0.1.0' };
    const input = assembleReport(sources, choice);
    const [section] = input.sections;
    expect(section?.kind === 'evaluation' ? section.record : undefined).toEqual(output.record);
    expect(input.stamp.evaluationIds).toEqual([record?.id]);
    expect(renderReport(input)).toContain(`Evaluation record <span class="hash">${record?.id}</span>`);
    // Without the record (the cell never judged it so), the report says it is not a stored one.
    const unrecorded = assembleReport({ ...sources, evaluations: [] }, choice);
    expect(unrecorded.stamp.evaluationIds).toBeUndefined();
    expect(renderReport(unrecorded)).toContain('Not a stored evaluation');
  });
});
