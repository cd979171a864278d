import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENGUIN_CONFIGS } from '../../app/samples/penguins';
import { readScoringMatrix } from '../../data/features/matrix';
import { scoringPlan } from '../../data/score/plan';
import { textRows } from '../../data/testing/text-rows';
import { classMixDrift } from '../../ml/drift';
import { multiclassMetric } from '../../ml/metrics';
import { decideClasses } from '../../ml/value';
import { decideClassesOf, mostProbable, scoreClasses } from '../../notebook/bundle/score';
import type { ModelBundle } from '../../notebook/bundle/types';
import { MONITOR_DEFAULTS, type MonitorConfig } from '../../notebook/kinds/monitor';
import { briefCostMatrix } from '../../data/brief-multiclass';
import type { ModelsPort } from '../types';
import { championOf, penguinModels, type PenguinModels } from '../penguin-bundles';
import { cellOf, testContext } from '../testing';
import { compareMulticlassVersions } from './compare-multiclass';
import { runMonitor } from './run';
import { monitorCache } from './cache';
import { batchLine, driftCells } from './view';

/*
 * The monitor cell on a multiclass version: the Penguin species softmax logistic regression
 * watched on two batches of the sample's own rows with their species as labels — "all", every
 * bird (the reference's class mix exactly: no drift), and "no-biscoe", the birds of Dream and
 * Torgersen (no Gentoo lives there: the decided class mix moves, a major drift). The statistics
 * themselves are checked against SciPy in src/ml/drift/class-mix.test.ts; here they must be the
 * class mix of the version's own decisions (under its rule, as the score cell decides:
 * `decideClassesOf`), and the metric the brief's macro-F1 on the labels.
 */

let penguins: PenguinModels;
let bundle: ModelBundle;

const CONFIG: MonitorConfig = {
  version: null,
  reference: '',
  input: 'watched',
  batchColumn: 'batch',
  label: 'species',
  ...MONITOR_DEFAULTS,
  challenger: null,
  compareBatch: '',
  disagreements: 'disagreements',
};

beforeAll(async () => {
  penguins = await penguinModels();
  const entry = penguins.bundles.find((b) => b.kind === 'logistic-multiclass');
  if (!entry) throw new Error('no logistic regression');
  bundle = entry.bundle;
  await penguins.engine.exec(`CREATE TABLE watched AS
    SELECT *, 'all' AS batch FROM penguins
    UNION ALL
    SELECT *, 'no-biscoe' AS batch FROM penguins WHERE island <> 'Biscoe'`);
  // New birds for comparing versions, each bill a tenth of a millimetre longer than a trained
  // one's, then copies of the Dream birds, which both versions trained on.
  await penguins.engine.exec(`CREATE TABLE fresh AS
    SELECT * REPLACE (bill_length_mm + 0.1 AS bill_length_mm), 'new' AS batch FROM penguins
    WHERE bill_length_mm IS NOT NULL`);
  await penguins.engine.exec(
    "INSERT INTO fresh SELECT *, 'new' AS batch FROM penguins WHERE island = 'Dream' AND bill_length_mm IS NOT NULL",
  );
}, 300_000);
afterAll(async () => {
  await penguins.engine.terminate();
});

describe('the monitor cell on a multiclass version', () => {
  it('measures the decided class mix against the reference and the brief’s multiclass metric', async () => {
    const { engine } = penguins;
    const ctx = {
      ...testContext(engine, PENGUIN_CONFIGS.brief, { models: championOf(bundle) }),
      report: () => undefined,
    };
    const out = await runMonitor(ctx, cellOf('monitor', CONFIG));
    expect(out.model.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    // The class mix, kept in the table cache and read back whole.
    expect(monitorCache.restore(structuredClone(monitorCache.keep(out)), cellOf('monitor', CONFIG))).toEqual(
      out,
    );
    const [all, away] = out.batches;
    if (!all || !away) throw new Error('two batches');
    expect([all.label, away.label]).toEqual(['all', 'no-biscoe']);

    // The version's own decisions of the reference and of the Dream and Torgersen birds.
    const { sql, columns } = scoringPlan(bundle, 'penguins');
    const m = await readScoringMatrix(engine, sql, columns);
    const p = scoreClasses(bundle.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
    const predicted = decideClassesOf(p, bundle.decision);
    const islands = await textRows(engine, 'SELECT island, species FROM penguins');
    const awayRows = islands.flatMap((r, i) => (r['island'] === 'Biscoe' ? [] : [i]));
    const want = classMixDrift(
      ['Adelie', 'Chinstrap', 'Gentoo'],
      predicted,
      Int32Array.from(awayRows, (i) => predicted[i] ?? -1),
    );

    if (!('kind' in away.prediction) || !('kind' in all.prediction)) throw new Error('class mix expected');
    expect(away.prediction.batchCounts).toEqual(want.batchCounts);
    expect(away.prediction.psi.value).toBe(want.psi.value);
    expect(away.prediction.level).toBe('major');
    expect(all.prediction.psi.value).toBe(0);
    expect(all.prediction.level).toBe('stable');
    if (!away.prediction.chiSquare.testable) throw new Error('testable expected');
    expect(away.prediction.chiSquare.pValue).toBeLessThan(1e-6);
    expect(
      out.alerts.some((a) => a.batch === 'no-biscoe' && /PSI of the decided class mix/.test(a.text)),
    ).toBe(true);
    expect(batchLine(away)).toMatch(
      /decided class mix PSI [\d.]+, χ² p [\d.e+-]+: Adelie [\d.]+ % \(reference/,
    );

    // Macro-F1 on the labelled rows of the batch, as the evaluate cell computes it.
    const classIndex = new Map([
      ['Adelie', 0],
      ['Chinstrap', 1],
      ['Gentoo', 2],
    ]);
    const y = awayRows.map((i) => classIndex.get(String(islands[i]?.['species'])) ?? -1);
    const data = new Float64Array(awayRows.length * 3);
    awayRows.forEach((r, j) => data.set(p.data.subarray(r * 3, r * 3 + 3), j * 3));
    const f1 = multiclassMetric('macro_f1', y, { data, rows: awayRows.length, classes: 3 });
    expect(away.performance.state).toBe('measured');
    if (away.performance.state !== 'measured') return;
    expect(away.performance.metric).toBe('macro_f1');
    expect(away.performance.labelled).toBe(awayRows.length);
    expect(away.performance.value).toBe(f1);
    expect(away.performance.lower).not.toBeNull();
    expect(away.performance.bar).toBe(0.9);
    expect(driftCells(out).features[0]).toBe('(decided class mix)');
  });

  it('counts the class each row is decided as under the cost matrix, not the most probable one', async () => {
    const { engine } = penguins;
    // Deciding Gentoo for another species costs a million: a bird is decided Gentoo only when
    // its other classes are all but impossible, so many the model thinks Gentoo are not.
    const costs = [
      [0, 1, 1e6],
      [1, 0, 1e6],
      [1, 1, 0],
    ];
    const wary = { ...bundle, decision: { ...bundle.decision, costs } };
    const ctx = {
      ...testContext(engine, PENGUIN_CONFIGS.brief, { models: championOf(wary) }),
      report: () => undefined,
    };
    const out = await runMonitor(ctx, cellOf('monitor', CONFIG));
    const all = out.batches[0];
    if (all === undefined || !('kind' in all.prediction)) throw new Error('a class mix expected');

    const { sql, columns } = scoringPlan(wary, 'penguins');
    const m = await readScoringMatrix(engine, sql, columns);
    const p = scoreClasses(wary.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
    const count = (classes: Int32Array) => [0, 1, 2].map((c) => classes.filter((x) => x === c).length);
    const byCost = count(decideClasses(p, 'min-expected-cost', costs));
    const byArgMax = count(mostProbable(p));
    expect(byCost).not.toEqual(byArgMax);
    expect(all.prediction.batchCounts).toEqual(byCost);
    expect(all.prediction.referenceCounts).toEqual(byCost);
  });
});

/** v1 `first` (the champion) and v2 `second` (a candidate), as the registry lists them. */
async function twoVersions(first: ModelBundle, second: ModelBundle): Promise<ModelsPort> {
  const [v1] = await championOf(first).versions();
  if (!v1) throw new Error('no v1');
  const v2 = {
    ...v1,
    version: { ...v1.version, id: 'mv-2', version: 2, name: second.model.name, kind: second.model.kind },
    stage: 'candidate' as const,
  };
  return {
    versions: () => Promise.resolve([v1, v2]),
    bundle: (id) => Promise.resolve(id === 'mv-2' ? second : first),
  };
}

describe('the penguins sample’s monitor cell', () => {
  it('watches the champion on each made-up month: decided class mix and macro-F1 per batch', async () => {
    const { engine } = penguins;
    await engine.exec(`CREATE TABLE penguins_by_month AS ${PENGUIN_CONFIGS.monthsSql}`);
    const ctx = {
      ...testContext(engine, PENGUIN_CONFIGS.brief, { models: championOf(bundle) }),
      report: () => undefined,
    };
    const out = await runMonitor(ctx, cellOf('monitor', PENGUIN_CONFIGS.monitor));
    expect(out.batches.map((b) => [b.label, b.rows])).toEqual([
      ['2021-01', 58],
      ['2021-02', 58],
      ['2021-03', 57],
      ['2021-04', 57],
      ['2021-05', 57],
      ['2021-06', 57],
    ]);
    for (const b of out.batches) {
      if (!('kind' in b.prediction)) throw new Error('a class mix expected');
      expect(b.prediction.batchCounts.reduce((n, c) => n + c, 0)).toBe(b.rows);
      expect(b.performance.state).toBe('measured');
      if (b.performance.state === 'measured') expect(b.performance.metric).toBe('macro_f1');
    }
    expect(driftCells(out).features[0]).toBe('(decided class mix)');
  });
});

describe('v2 against v1, both multiclass', () => {
  it('compares on the rows neither trained on: the brief’s metric, paired bootstrap, cost and disagreements', async () => {
    const { engine } = penguins;
    const gbdt = penguins.bundles.find((b) => b.kind === 'gbdt')?.bundle;
    if (!gbdt) throw new Error('no boosted trees');
    const ctx = {
      ...testContext(engine, PENGUIN_CONFIGS.brief, { models: await twoVersions(bundle, gbdt) }),
      report: () => undefined,
    };
    const config = { ...CONFIG, input: 'fresh', challenger: 2 };
    const out = await runMonitor(ctx, cellOf('monitor', config));
    const c = out.comparison;
    if (c === null) throw new Error('a comparison expected');
    expect(monitorCache.restore(structuredClone(monitorCache.keep(out)), cellOf('monitor', config))).toEqual(
      out,
    );
    const count = async (sql: string) => Number((await engine.query(sql)).getChild('n')?.get(0));
    const total = await count('SELECT count(*) AS n FROM fresh');
    const dream = await count(
      "SELECT count(*) AS n FROM penguins WHERE island = 'Dream' AND bill_length_mm IS NOT NULL",
    );
    const fresh = total - dream;
    // The copied Dream birds were trained on: left out; the new birds (the first rows) are compared.
    expect([c.labelled, c.excluded, c.result.rows]).toEqual([total, dream, fresh]);
    if (c.result.kind !== 'multiclass') throw new Error('a multiclass comparison expected');
    expect(c.result.metric).toBe('macro_f1');

    // The same comparison from each version's own probabilities of the new birds.
    const classes = ['Adelie', 'Chinstrap', 'Gentoo'];
    const probabilitiesOf = async (b: ModelBundle) => {
      const { sql, columns } = scoringPlan(b, 'fresh');
      const m = await readScoringMatrix(engine, sql, columns);
      const p = scoreClasses(b.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
      return { data: p.data.slice(0, fresh * 3), rows: fresh, classes: 3 };
    };
    const species = await textRows(engine, 'SELECT species FROM fresh');
    const y = species.slice(0, fresh).map((r) => classes.indexOf(String(r['species'])));
    const want = compareMulticlassVersions(
      {
        rowIds: y.map((_, i) => i + 1),
        y,
        challenger: await probabilitiesOf(gbdt),
        incumbent: await probabilitiesOf(bundle),
      },
      {
        metric: 'macro_f1',
        higherIsBetter: true,
        challengerCosts: gbdt.decision.costs ?? null,
        incumbentCosts: bundle.decision.costs ?? null,
        valuation: bundle.decision.costs ?? briefCostMatrix(PENGUIN_CONFIGS.brief, classes),
        seed: 42,
      },
    );
    expect(bundle.decision.costs).toBeDefined();
    expect(c.result.challenger).toBe(want.challenger);
    expect(c.result.incumbent).toBe(want.incumbent);
    expect([c.result.lower, c.result.upper]).toEqual([want.lower, want.upper]);
    expect(c.result.valuePer1000).toEqual(want.valuePer1000);
    expect(c.result.disagreements.map((d) => d.rowId)).toEqual(want.disagreements.map((d) => d.rowId));

    // The disagreements table, for SQL: a row each, with both versions' classes by name.
    const table = await textRows(engine, 'SELECT * FROM disagreements ORDER BY row');
    expect(c.table?.rowCount).toBe(want.disagreements.length);
    expect(want.disagreements.length).toBeGreaterThan(0);
    expect(Object.keys(table[0] ?? {})).toEqual([
      'row',
      'label',
      'v1_class',
      'v2_class',
      'v1_probability',
      'v2_probability',
    ]);
    table.forEach((r, i) => {
      const d = want.disagreements[i];
      expect(r['label']).toBe(classes[d?.y ?? -1]);
      expect(r['v2_class']).toBe(classes[d?.challengerClass ?? -1]);
      expect(r['v1_class']).toBe(classes[d?.incumbentClass ?? -1]);
    });
  });

  it('refuses a label that is none of the versions’ classes, naming it', async () => {
    const { engine } = penguins;
    await engine.exec(
      "CREATE TABLE odd AS SELECT * REPLACE (CASE WHEN body_mass_g > 6000 THEN 'Emperor' ELSE species END AS species) FROM fresh",
    );
    const gbdt = penguins.bundles.find((b) => b.kind === 'gbdt')?.bundle;
    if (!gbdt) throw new Error('no boosted trees');
    const models = await twoVersions(bundle, gbdt);
    const ctx = { ...testContext(engine, PENGUIN_CONFIGS.brief, { models }), report: () => undefined };
    await expect(
      runMonitor(ctx, cellOf('monitor', { ...CONFIG, input: 'odd', challenger: 2 })),
    ).rejects.toThrow(
      /The label column holds Emperor, which is none of the versions' classes \(Adelie, Chinstrap, Gentoo\)/,
    );
  });

  it('refuses a challenger that is not multiclass', async () => {
    const { engine } = penguins;
    const models = await twoVersions(bundle, { ...bundle, decision: { ...bundle.decision, task: 'binary' } });
    const ctx = { ...testContext(engine, PENGUIN_CONFIGS.brief, { models }), report: () => undefined };
    await expect(
      runMonitor(ctx, cellOf('monitor', { ...CONFIG, input: 'fresh', challenger: 2 })),
    ).rejects.toThrow(/v2 is binary but v1 is multiclass: they answer different questions/);
  });
});
