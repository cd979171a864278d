import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { PENGUIN_CONFIGS } from '../../app/samples/penguins';
import type { SqlEngine } from '../../data/engine';
import { createImportHarness } from '../../data/testing/import-harness';
import { multiclassMetric, rocAuc } from '../../ml/metrics';
import { createCase } from '../../notebook/ops';
import { asCaseId, asRunId } from '../../notebook/ids';
import type { ExplainConfig } from '../../notebook/types';
import { unitOf } from '../registry';
import { cellOf, memoryRuns, testContext, type MemoryRuns } from '../testing';
import type { RunContext, RunsPort } from '../types';
import { explanationSection } from './report';
import type { ExplainOutput, ExplainProgress } from './result';
import { mostPredicted, rowScores, runExplain } from './run';
import { scoreFnOf } from './source';
import { importanceEntries, pdpsOf, pdpUnits, scoreText } from './view';

/*
 * A multiclass run explained end to end on the Node engine: the penguins sample's own brief,
 * features and train cells (softmax logistic, tree, boosted trees), then the explain cell on the
 * batch's best run. The explainers' numbers are checked against scikit-learn in
 * src/ml/explain/multiclass.test.ts; here: importance on the brief's macro F1 and per class, the
 * PDP of every class's probability, LIME of the row's predicted class, stored and read back.
 */

const CSV = new URL('../../../public/sample/penguins/penguins.csv', import.meta.url);
const BRIEF = PENGUIN_CONFIGS.brief;
const CLASSES = ['Adelie', 'Chinstrap', 'Gentoo'];
// The sample's own explain cell.
const CONFIG: ExplainConfig = PENGUIN_CONFIGS.explain;

let engine: SqlEngine;
let runs: MemoryRuns;
let port: RunsPort;

beforeAll(async () => {
  const harness = await createImportHarness();
  engine = harness.engine;
  await harness.run('penguins.csv', readFileSync(CSV), 'csv', { table: 'penguins' });
  const features = cellOf('features', PENGUIN_CONFIGS.features);
  const out = await unitOf('features').run(testContext(engine, BRIEF), features);
  const fitted = unitOf('features').lineage(out)?.fitted ?? null;
  runs = memoryRuns();
  port = {
    ...runs,
    lineage: () => ({ links: [{ cell: features, fingerprint: 'f', upstream: [], fitted, sql: null }] }),
  };
  await unitOf('train').run(
    testContext(engine, BRIEF, { runs: port }),
    cellOf('train', { ...PENGUIN_CONFIGS.train, backend: 'cpu' }),
  );
}, 120_000);

function context(): RunContext<ExplainProgress> {
  return { ...testContext(engine, BRIEF, { runs: port }), report: () => undefined };
}

const explain = (config: Partial<ExplainConfig> = {}): Promise<ExplainOutput> =>
  runExplain(context(), cellOf('explain', { ...CONFIG, ...config }));

describe('explaining a multiclass run', () => {
  it("measures importance on the brief's macro F1 and per class on one-vs-rest ROC AUC", async () => {
    const out = await explain();
    const found = await runs.findRun(asRunId(out.run.id));
    expect(out.run.id).toBe(found?.batch.best);
    expect(out.run.task).toBe('multiclass');
    expect(out.classes).toEqual(CLASSES);
    expect(out.metric).toBe('macro_f1');
    // The baseline is the run's own macro F1 on its validation rows.
    expect(out.importance.baseline).toBeCloseTo(found?.run.metrics['macro_f1'] ?? NaN, 9);
    expect(out.classImportance?.map((c) => c.className)).toEqual(CLASSES);
    for (const c of out.classImportance ?? []) {
      expect(c.importance?.metric).toBe('roc_auc');
      expect(c.importance?.groups?.map((g) => g.name).sort()).toEqual(
        ['bill_depth_mm', 'bill_length_mm', 'body_mass_g', 'flipper_length_mm', 'island', 'sex'].sort(),
      );
    }
    expect(out.notices.some((n) => n.includes('one-vs-rest ROC AUC'))).toBe(true);
  });

  it('scores rows by their predicted class, and its baselines agree with the metrics on those scores', async () => {
    const out = await explain();
    const found = await runs.findRun(asRunId(out.run.id));
    const model = found?.artifact?.model ?? null;
    if (model === null) throw new Error('no model');
    const t = await engine.query(
      `SELECT * FROM penguin_features WHERE __split = 'validation' ORDER BY __row_id`,
    );
    const names = out.run.featureNames;
    const x = new Float32Array(t.numRows * names.length);
    names.forEach((n, j) => {
      Array.from(t.getChild(n)?.toArray() ?? [], Number).forEach((v, i) => (x[i * names.length + j] = v));
    });
    const y = Float64Array.from(t.getChild('__target')?.toArray() ?? [], Number);
    const p = Float64Array.from(await scoreFnOf(model)(x, t.numRows, names.length));
    expect(out.importance.baseline).toBeCloseTo(
      multiclassMetric('macro_f1', y, { data: p, rows: t.numRows, classes: 3 }) ?? NaN,
      12,
    );
    out.classImportance?.forEach((c, k) => {
      const auc = rocAuc(
        Float64Array.from(y, (v) => (v === k ? 1 : 0)),
        Float64Array.from({ length: t.numRows }, (_, i) => p[i * 3 + k] ?? NaN),
      );
      expect(c.importance?.baseline).toBeCloseTo(auc.value ?? NaN, 12);
    });
    const scored = rowScores(p, t.numRows, CLASSES);
    expect(out.highest[0]?.score).toBeCloseTo(Math.max(...scored.score), 12);
    expect(CLASSES).toContain(out.highest[0]?.predicted);
    expect(CLASSES).toContain(out.highest[0]?.truth);
    expect(out.pdpClass).toBe(mostPredicted(scored.predicted, CLASSES));
  });

  it("gives every class's PDP of the top feature, and LIME of the row's predicted class", async () => {
    const out = await explain();
    const top = out.importance.groups?.[0]?.name;
    expect(out.classPdps?.map((c) => [c.className, c.pdps.map((pdp) => pdp.feature)])).toEqual(
      CLASSES.map((c) => [c, [top]]),
    );
    expect(out.pdps).toEqual(pdpsOf(out, out.pdpClass));
    expect(pdpUnits(out, 'Gentoo')).toBe('probability of Gentoo');
    // The three curves are probabilities that sum to one at each grid point.
    const [a, b, c] = (out.classPdps ?? []).map((cp) => cp.pdps[0]?.average ?? []);
    a?.forEach((v, j) => expect(v + (b?.[j] ?? NaN) + (c?.[j] ?? NaN)).toBeCloseTo(1, 9));
    const local = out.locals[0];
    expect(local?.rowId).toBe(out.highest[0]?.rowId);
    expect(local?.className).toBe(out.highest[0]?.predicted);
    expect(local?.explanation.modelScore).toBeCloseTo(out.highest[0]?.score ?? NaN, 6);
    if (local)
      expect(scoreText(out, local)).toContain(
        `probability of ${local.className ?? ''}, the row's predicted class`,
      );
  });

  it('reads every part back from storage when run again, and computes a two-way PDP of the main class', async () => {
    await explain();
    const again = await explain();
    expect(again.computed).toBe(0);
    expect(again.reused).toBe(1 + 3 + 1);
    expect(again.classImportance).not.toBeNull();
    const pair = await explain({ pair: ['bill_length_mm', 'flipper_length_mm'] });
    expect(pair.computed).toBe(1);
    expect(pair.pdp2d?.features).toEqual(['bill_length_mm', 'flipper_length_mm']);
  });

  it('shows per-class importance and the class in the report', async () => {
    const out = await explain();
    const { document } = new JSDOM('').window;
    const section = explanationSection(cellOf('explain', CONFIG), {
      doc: createCase(asCaseId('c'), 'Case', '2026-01-01T00:00:00Z'),
      output: out,
      batches: new Map(),
      evaluations: [],
      heading: 'Explain',
      document,
    });
    const table = section?.tables.find((t) => t.caption.startsWith('Permutation importance per class'));
    expect(table?.head).toEqual(['Feature', ...CLASSES]);
    expect(table?.rows.map((r) => r[0])).toEqual(importanceEntries(out, true).map((e) => e.name));
    expect(section?.figures.map((f) => f.caption)).toContain(
      `Partial dependence of ${out.pdps[0]?.feature ?? ''} (probability of ${out.pdpClass ?? ''})`,
    );
    expect(importanceEntries(out, true, 'Chinstrap')).toEqual(
      out.classImportance?.find((c) => c.className === 'Chinstrap')?.importance?.groups,
    );
  });
});
