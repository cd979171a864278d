import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { rejection } from '../../data/testing/import-harness';
import { createNodeEngine } from '../../data/testing/node-engine';
import { permutationImportance } from '../../ml/explain';
import { mulberry32 } from '../../ml/models/prng';
import type { FoundRun } from '../../notebook/explanations';
import { asCaseId, asRunId } from '../../notebook/ids';
import { createCase } from '../../notebook/ops';
import type { ExplainConfig, FeaturesConfig } from '../../notebook/types';
import { unitOf } from '../registry';
import { briefOf, cellOf, memoryRuns, testContext, type MemoryRuns } from '../testing';
import type { RunContext, RunsPort } from '../types';
import type { ExplainOutput, ExplainProgress } from './result';
import { renderReport } from '../../report';
import { explanationSection } from './report';
import { runExplain } from './run';
import { scoreFnOf } from './source';
import { readRawRow, scoreWhatIf } from './whatif';

/*
 * The explain runner end to end on the Node engine: a Features cell and a Train cell (logistic
 * regression and boosted trees, trained in process) over 400 generated customers whose churn
 * depends on their plan and age, not on `noise`. The numbers of the explainers themselves are
 * checked against scikit-learn in src/ml/explain; here: that the cell explains the run's own
 * model on the run's own rows, stores each part and reads it back, and refuses bad input.
 */

const ROWS = 400;
const BRIEF = briefOf({ input: 'people', target: 'churn', positive: 'Yes' });

function peopleSql(): string {
  const random = mulberry32(7);
  const plans = ['basic', 'pro', 'max'];
  const rows = Array.from({ length: ROWS }, () => {
    const plan = plans[Math.floor(random() * 3)] ?? 'basic';
    const age = Math.round(18 + random() * 60);
    const noise = random();
    const risk = (plan === 'basic' ? 1.5 : plan === 'pro' ? 0 : -1) - (age - 48) / 15 + (random() - 0.5) * 2;
    return `('${plan}', ${age}, ${noise.toFixed(4)}, '${risk > 0 ? 'Yes' : 'No'}')`;
  });
  return `SELECT * FROM (VALUES ${rows.join(', ')}) AS t(plan, age, noise, churn)`;
}

const FEATURES: FeaturesConfig = {
  input: 'people',
  output: 'people_features',
  features: [
    { encoding: 'one-hot', column: 'plan', topK: 10, other: true, missing: 'category' },
    { encoding: 'numeric', column: 'age', impute: 'mean', indicator: false, standardise: true, log: false },
    {
      encoding: 'numeric',
      column: 'noise',
      impute: 'mean',
      indicator: false,
      standardise: false,
      log: false,
    },
  ],
  split: { kind: 'stratified', validationShare: 0.25, seed: 42 },
};

const CONFIG: ExplainConfig = {
  input: 'predictions',
  run: null,
  repeats: 5,
  seed: 42,
  grouped: true,
  pdp: [],
  centred: false,
  pair: null,
  rows: [],
};

let engine: SqlEngine;
let runs: MemoryRuns;
let port: RunsPort;

/** The runs port, with the features cell in the lineage (as the runtime gives it) and a hidden run. */
function withLineage(
  base: MemoryRuns,
  link: ReturnType<RunsPort['lineage']>,
  hidden = new Set<string>(),
): RunsPort {
  return {
    ...base,
    lineage: () => link,
    findRun: async (id) => {
      const found: FoundRun | null = await base.findRun(id);
      return found && hidden.has(id) ? { ...found, hidden: true } : found;
    },
  };
}

beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE people AS ${peopleSql()}`);
  const features = cellOf('features', FEATURES);
  const featuresOut = await unitOf('features').run(testContext(engine, BRIEF), features);
  const details = unitOf('features').lineage(featuresOut);
  runs = memoryRuns();
  port = withLineage(runs, {
    links: [{ cell: features, fingerprint: 'f', upstream: [], fitted: details?.fitted ?? null, sql: null }],
  });
  const train = cellOf('train', {
    input: 'people_features',
    output: 'predictions',
    models: [
      { kind: 'logistic', C: 1, seed: 3 },
      {
        kind: 'gbdt',
        task: 'binary',
        learningRate: 0.1,
        maxIter: 20,
        maxLeafNodes: 15,
        maxDepth: null,
        minSamplesLeaf: 10,
        l2: 0,
        earlyStopping: false,
        seed: 3,
      },
    ],
    backend: 'cpu',
    folds: null,
    search: null,
  });
  await unitOf('train').run(testContext(engine, BRIEF, { runs: port }), train);
}, 60_000);
afterAll(() => engine.terminate());

const reports: ExplainProgress[] = [];

function context(ports: RunsPort, signal?: AbortSignal): RunContext<ExplainProgress> {
  const base = testContext(engine, BRIEF, { runs: ports, ...(signal ? { signal } : {}) });
  return { ...base, report: (p: ExplainProgress) => reports.push(p) };
}

const explain = (config: Partial<ExplainConfig> = {}, ports: RunsPort = port): Promise<ExplainOutput> =>
  runExplain(context(ports), cellOf('explain', { ...CONFIG, ...config }));

const predictionsOf = async (runId: string): Promise<Map<number, number>> => {
  const t = await engine.query(
    `SELECT CAST(row_id AS DOUBLE) AS id, score FROM predictions WHERE run_id = '${runId}'`,
  );
  const ids = t.getChild('id')?.toArray() as Float64Array;
  const scores = t.getChild('score')?.toArray() as Float64Array;
  return new Map(Array.from(ids, (id, i) => [id, scores[i] ?? NaN]));
};

describe('the explain runner', () => {
  it("explains the batch's best run on its own validation rows, grouped by source column", async () => {
    const before = runs.explanations.length;
    const out = await explain();
    const batch = runs.saved[0]?.batch;
    expect(out.run.id).toBe(batch?.best);
    expect(out.validationRows).toBe(batch?.data.rows.validation);
    // plan's one-hot columns count as one feature; the noise column matters least of the three.
    const groups = out.importance.groups ?? [];
    expect(groups.map((g) => g.name).sort()).toEqual(['age', 'noise', 'plan']);
    expect(groups.find((g) => g.name === 'plan')?.columns.length).toBeGreaterThan(1);
    expect(groups[groups.length - 1]?.name).toBe('noise');
    // The most important feature's PDP, and LIME of the highest-scored row, by default.
    expect(out.pdps.map((p) => p.feature)).toEqual([groups[0]?.name]);
    expect(out.locals.map((l) => l.rowId)).toEqual([out.highest[0]?.rowId]);
    expect(out.computed).toBe(3);
    expect(runs.explanations.length - before).toBe(3);
    expect(reports.some((r) => r.step === 'Permutation importance' && r.done === r.total)).toBe(true);
  });

  it('scores the rows as the run did: the table of highest scores matches its predictions', async () => {
    const out = await explain();
    const stored = await predictionsOf(out.run.id);
    for (const row of [...out.highest, ...out.lowest]) {
      expect(row.score).toBeCloseTo(stored.get(row.rowId) ?? NaN, 5);
    }
  });

  it('gives the importance the explainer gives for the run’s model and rows', async () => {
    const out = await explain();
    const found = await runs.findRun(asRunId(out.run.id));
    const model = found?.artifact?.model;
    if (!model) throw new Error('no model');
    // The same matrix: the validation rows of the features table, in __row_id order.
    const t = await engine.query(
      `SELECT * FROM people_features WHERE __split = 'validation' ORDER BY __row_id`,
    );
    const names = out.run.featureNames;
    const x = new Float32Array(t.numRows * names.length);
    names.forEach((n, j) => {
      const col = t.getChild(n)?.toArray() as Float64Array;
      col.forEach((v, i) => (x[i * names.length + j] = v));
    });
    const y = Float64Array.from(t.getChild('__target')?.toArray() as Float64Array);
    const direct = await permutationImportance(
      scoreFnOf(model),
      { data: x, rows: t.numRows, cols: names.length },
      y,
      {
        metric: 'roc_auc',
        repeats: 5,
        seed: 42,
      },
    );
    expect(out.importance.features.map((f) => f.mean)).toEqual(direct.features.map((f) => f.mean));
  });

  it("explains the evaluate cell's pick as the chosen model, and the best run when the pick is of another batch", async () => {
    const batch = runs.saved[0]?.batch;
    const other = batch?.runIds.find((id) => id !== batch.best && id !== batch.runIds[0]) ?? '';
    expect(other).not.toBe('');
    const picked = await explain({}, { ...port, pickedRun: (t) => (t === 'predictions' ? other : null) });
    expect(picked.run.id).toBe(other);
    expect(picked.notices[0]).toMatch(/^The evaluate cell of "predictions" picks run ".+" as its model/);
    const gone = await explain({}, { ...port, pickedRun: () => 'run-of-an-older-batch' });
    expect(gone.run.id).toBe(batch?.best);
    expect(gone.notices[0]).toMatch(/not a run of the table's latest training: the best run is explained/);
    // A run named in the explain cell wins over the pick.
    const named = await explain({ run: batch?.best ?? null }, { ...port, pickedRun: () => other });
    expect(named.run.id).toBe(batch?.best);
  });

  it('reads every part back from storage when run again, and computes only a new row', async () => {
    const first = await explain();
    const again = await explain();
    expect(again.computed).toBe(0);
    expect(again.reused).toBe(3);
    expect(again.importance).toEqual(first.importance);
    const other = first.lowest[0]?.rowId ?? -1;
    const picked = await explain({ rows: [other] });
    expect(picked.computed).toBe(1);
    expect(picked.locals[0]?.rowId).toBe(other);
    expect(picked.locals[0]?.stability.seeds).toHaveLength(10);
  });

  it('draws a two-way PDP for a pair and a PDP of levels for a one-hot column', async () => {
    const out = await explain({ pdp: ['plan'], pair: ['plan', 'age'] });
    expect(out.pdps[0]?.grid.kind).toBe('levels');
    expect(out.pdp2d?.features).toEqual(['plan', 'age']);
  });

  it('reports each part as part n of m, in order', async () => {
    reports.length = 0;
    const out = await explain({ seed: 99, pdp: ['age', 'noise'] });
    expect(out.computed).toBe(4);
    expect(reports.every((r) => r.parts === 4)).toBe(true);
    const order = reports.map((r) => r.part).filter((n, i, all) => n !== all[i - 1]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(reports.find((r) => r.part === 4)?.step).toMatch(/^Local explanation of row /);
  });

  it('stops a part in the middle on cancel, stores nothing of it, and runs again after', async () => {
    const controller = new AbortController();
    const ctx: RunContext<ExplainProgress> = {
      ...context(port, controller.signal),
      report: (p: ExplainProgress) => {
        if (p.step.startsWith('Local') && p.done > 0) controller.abort();
      },
    };
    const before = runs.explanations.length;
    const config = cellOf('explain', { ...CONFIG, seed: 123 });
    expect(await rejection(runExplain(ctx, config))).toMatchObject({ code: 'cancelled' });
    // Importance and the PDP were done before the cancel; the row was not.
    expect(runs.explanations.length - before).toBe(2);
    const again = await runExplain(context(port), config);
    expect([again.reused, again.computed]).toEqual([2, 1]);
  });
});

describe('what-if', () => {
  it('encodes the raw row with the fitted SQL and gives the model’s score; a changed plan moves it', async () => {
    const out = await explain();
    const row = out.highest[0];
    if (!row) throw new Error('no row');
    const raw = await readRawRow(engine, out.whatIf, row.rowId);
    const same = await scoreWhatIf(engine, out.whatIf, out.run.featureNames, raw);
    expect(same).toBeCloseTo(row.score, 6);
    const moved = await scoreWhatIf(engine, out.whatIf, out.run.featureNames, {
      ...raw,
      plan: raw['plan'] === 'max' ? 'basic' : 'max',
    });
    expect(moved).not.toBeCloseTo(same, 3);
  });

  it('refuses a value of the wrong type, naming the column', async () => {
    const out = await explain();
    const raw = await readRawRow(engine, out.whatIf, out.highest[0]?.rowId ?? 0);
    const e = await rejection(scoreWhatIf(engine, out.whatIf, out.run.featureNames, { ...raw, age: 'old' }));
    expect(e.message).toMatch(/"old" is not a number: age holds numbers/);
  });
});

describe('bad input', () => {
  it('a deleted run', async () => {
    const e = await rejection(explain({ run: 'gone' }));
    expect(e.message).toMatch(/Run gone is not stored any more/);
  });

  it('a run hidden in the Runs view', async () => {
    const best = runs.saved[0]?.batch.best ?? '';
    const hidden = withLineage(runs, port.lineage(), new Set([best]));
    const e = await rejection(explain({}, hidden));
    expect(e.message).toMatch(/was deleted in the Runs view/);
  });

  it('a feature the data no longer has', async () => {
    const e = await rejection(explain({ pdp: ['region'] }));
    expect(e.message).toMatch(/"region" is not a feature of this run's data/);
  });

  it('a row that is not a validation row', async () => {
    const e = await rejection(explain({ rows: [999_999] }));
    expect(e.message).toMatch(/Row 999999 is not one of the run's validation rows/);
  });

  it('data rebuilt differently (fingerprint), then a features table without a column', async () => {
    await engine.exec('CREATE TABLE saved_features AS SELECT * FROM people_features');
    await engine.exec('UPDATE people_features SET age = age + 0.5 WHERE __row_id = 3');
    const changed = await rejection(explain());
    expect(changed.message).toMatch(/rebuilt differently .* fingerprint no longer matches/);
    await engine.exec('ALTER TABLE people_features DROP COLUMN noise');
    const dropped = await rejection(explain());
    expect(dropped.message).toMatch(/takes the feature "noise" that "people_features" no longer has/);
    await engine.exec('DROP TABLE people_features');
    await engine.exec('ALTER TABLE saved_features RENAME TO people_features');
  });

  it('a cancelled run stops with "cancelled"', async () => {
    const controller = new AbortController();
    controller.abort();
    const e = await rejection(
      runExplain(context(port, controller.signal), cellOf('explain', { ...CONFIG, seed: 7 })),
    );
    expect(e).toMatchObject({ code: 'cancelled' });
  });
});

describe('the report section', () => {
  it('shows importance, the chosen PDPs and rows, with values from the data escaped', async () => {
    const out = await explain({ pair: ['plan', 'age'] });
    const XSS = '<img src=x onerror=alert(1)>';
    const groups = (out.importance.groups ?? []).map((g, i) => (i === 0 ? { ...g, name: XSS } : g));
    const tampered: ExplainOutput = { ...out, importance: { ...out.importance, groups } };
    const { document } = new JSDOM('').window;
    const cell = cellOf('explain', CONFIG);
    const section = explanationSection(cell, {
      doc: createCase(asCaseId('c'), 'Case', '2026-01-01T00:00:00Z'),
      output: tampered,
      batches: new Map(),
      evaluations: [],
      heading: 'Explain the chosen model of predictions',
      document,
    });
    if (section === null) throw new Error('no section');
    expect(section.figures.map((f) => f.caption)).toEqual([
      'Permutation importance (roc_auc)',
      `Partial dependence of ${out.pdps[0]?.feature ?? ''}`,
      'Two-way partial dependence of plan and age',
      `Local explanation of row ${out.locals[0]?.rowId ?? ''}`,
    ]);
    const html = renderReport({
      title: 'Case',
      summary: '',
      sections: [section],
      stamp: {
        caseId: 'c',
        appVersion: 'test',
        exportedAt: '2026-01-01T00:00:00Z',
        runIds: [],
        fingerprints: [],
      },
    });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(XSS);
    expect(html).toMatch(/aria-label="Permutation importance"/);
  });
});

describe('a regression run', () => {
  it('measures importance on its metric, states units of the target, and shows a city of 30 levels by its top 20', async () => {
    const brief = briefOf({ input: 'towns', target: 'spend', task: 'regression', metric: 'rmse' });
    const random = mulberry32(11);
    const rows = Array.from({ length: 300 }, () => {
      const city = `c${Math.floor(random() * 30)}`;
      const size = random() * 10;
      return `('${city}', ${size.toFixed(3)}, ${(3 * size + Number(city.slice(1)) / 10 + random()).toFixed(3)})`;
    });
    await engine.exec(
      `CREATE TABLE towns AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(city, size, spend)`,
    );
    const features = cellOf('features', {
      input: 'towns',
      output: 'towns_features',
      features: [
        { encoding: 'one-hot', column: 'city', topK: 40, other: true, missing: 'category' },
        {
          encoding: 'numeric',
          column: 'size',
          impute: 'mean',
          indicator: false,
          standardise: false,
          log: false,
        },
      ],
      split: { kind: 'random', validationShare: 0.3, seed: 1 },
    });
    const out = await unitOf('features').run(testContext(engine, brief), features);
    const ports = withLineage(memoryRuns(), {
      links: [{ cell: features, fingerprint: 'f', upstream: [], fitted: out.spec, sql: null }],
    });
    const train = cellOf('train', {
      input: 'towns_features',
      output: 'town_predictions',
      models: [{ kind: 'linear', alpha: 0, seed: 1 }],
      backend: 'cpu',
      folds: null,
      search: null,
    });
    await unitOf('train').run(testContext(engine, brief, { runs: ports }), train);
    const ctx = { ...testContext(engine, brief, { runs: ports }), report: () => undefined };
    const explained = await runExplain(
      ctx,
      cellOf('explain', { ...CONFIG, input: 'town_predictions', pdp: ['city'] }),
    );
    expect(explained.metric).toBe('rmse');
    expect(explained.scoreUnits).toBe('predicted spend');
    expect(explained.notices.join(' ')).toMatch(/regression run: importance is the rise in RMSE/);
    expect(explained.notices.join(' ')).toMatch(/"city" has 3[012] levels: the 20 most frequent are shown\./);
    expect(explained.importance.groups?.[0]?.name).toBe('size');
  }, 60_000);
});
