import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { telcoModels } from '../../data/score/testing';
import { AppError } from '../../lib/errors';
import type { ModelBundle } from '../../notebook/bundle/types';
import { asCaseId } from '../../notebook/ids';
import { MONITOR_DEFAULTS, type MonitorConfig } from '../../notebook/kinds/monitor';
import type { ModelStage, VersionState } from '../../notebook/registry';
import { briefOf, cellOf, testContext } from '../testing';
import type { ModelsPort, RunContext } from '../types';
import { doneText } from './view';
import type { MonitorOutput, MonitorProgress } from './result';
import { runMonitor } from './run';
import { monitorCache } from './cache';

/*
 * The monitor cell on the Telco sample: logistic regression (v1) and a tree (v2) trained on
 * `churn`, watched on two batches: m1, a copy of half the rows with tenure + 1 month (no drift
 * worth an alert), and m2, the other half with MonthlyCharges raised by 40 and a new payment
 * method (drift found). Each bad input gets its message.
 */

function state(version: number, stage: ModelStage): VersionState {
  const id = `mv-${version}`;
  const caseId = asCaseId('case-1');
  return {
    version: {
      id,
      caseId,
      version,
      createdAt: '2026-01-01T00:00:00.000Z',
      source: 'promoted',
      runId: null,
      name: 'Telco',
      kind: 'logistic',
      task: 'binary',
      bundleSha256: '0'.repeat(64),
      importedFrom: null,
    },
    stage,
    since: {
      id: `ev-${version}`,
      caseId,
      versionId: id,
      seq: version,
      stage,
      at: '',
      by: 'me',
      why: '',
      evaluation: null,
    },
  };
}

function models(bundles: ReadonlyMap<string, ModelBundle>): ModelsPort {
  return {
    versions: () => Promise.resolve([state(1, 'champion'), state(2, 'candidate')]),
    bundle: (id) => {
      const b = bundles.get(id);
      return b
        ? Promise.resolve(b)
        : Promise.reject(new AppError('storage', `The bundle of model version ${id} is not stored.`));
    },
  };
}

let engine: SqlEngine;
let v1: ModelBundle;
let v2: ModelBundle;

function context(
  bundles: ReadonlyMap<string, ModelBundle> = new Map([
    ['mv-1', v1],
    ['mv-2', v2],
  ]),
): RunContext<MonitorProgress> {
  const brief = briefOf({
    input: 'churn',
    target: 'Churn',
    positive: 'Yes',
    metric: 'roc_auc',
    bar: 0.75,
    values: { tp: 200, fp: -50, tn: 0, fn: -300 },
  });
  return { ...testContext(engine, brief, { models: models(bundles) }), report: () => undefined };
}

const base: MonitorConfig = {
  version: null,
  reference: '',
  input: 'monthly',
  batchColumn: 'month',
  label: 'Churn',
  ...MONITOR_DEFAULTS,
  challenger: null,
  compareBatch: '',
  disagreements: 'disagreements',
};

const run = (config: Partial<MonitorConfig>, ctx = context()): Promise<MonitorOutput> =>
  runMonitor(ctx, cellOf('monitor', { ...base, ...config }));

beforeAll(async () => {
  const trained = await telcoModels(['logistic', 'tree']);
  engine = trained.engine;
  const [a, b] = trained.bundles;
  if (!a || !b) throw new Error('no bundles');
  v1 = a.bundle;
  v2 = b.bundle;
  await engine.exec(`CREATE TABLE monthly AS
    SELECT * REPLACE (tenure + 1 AS tenure), 'm1' AS month FROM churn WHERE hash(customerID) % 2 = 0
    UNION ALL
    SELECT * REPLACE (MonthlyCharges + 40 AS MonthlyCharges,
      CASE WHEN hash(customerID) % 5 = 0 THEN 'Digital wallet' ELSE PaymentMethod END AS PaymentMethod), 'm2' AS month
    FROM churn WHERE hash(customerID) % 2 = 1`);
}, 120_000);
afterAll(() => engine.terminate());

describe('the monitor cell', () => {
  it('finds the planted drift in m2 and not in m1, with prediction drift and performance', async () => {
    const out = await run({});
    expect(v1.input.table).toBe('churn');
    expect(out.batches.map((b) => b.label)).toEqual(['m1', 'm2']);
    const [m1, m2] = out.batches;
    if (!m1 || !m2) throw new Error('two batches');
    expect(m1.drift.features.find((f) => f.name === 'MonthlyCharges')?.level).toBe('stable');
    const charges = m2.drift.features[0];
    expect(charges?.name === 'MonthlyCharges' || charges?.name === 'PaymentMethod').toBe(true);
    expect(m2.drift.features.find((f) => f.name === 'MonthlyCharges')?.level).toBe('major');
    expect(m2.drift.features.find((f) => f.name === 'PaymentMethod')?.newCategories).toEqual([
      { name: 'Digital wallet', count: expect.any(Number) },
    ]);
    expect(m2.drift.multipleTestingNote).toMatch(/Benjamini–Hochberg/);
    expect(
      out.alerts.some((a) => a.batch === 'm2' && a.level === 'act' && /MonthlyCharges/.test(a.text)),
    ).toBe(true);
    expect(out.alerts.some((a) => a.batch === 'm1' && /MonthlyCharges/.test(a.text))).toBe(false);
    expect(m2.prediction.psi.value).toBeGreaterThan(m1.prediction.psi.value);
    expect(m1.performance.state).toBe('measured');
    if (m1.performance.state !== 'measured') return;
    expect(m1.performance.value).toBeGreaterThan(0.75);
    expect(m1.performance.lower).toBeLessThan(m1.performance.value ?? 0);
    expect(m1.performance.upper).toBeGreaterThan(m1.performance.value ?? 1);
    expect(m1.performance.valuePer1000).not.toBeNull();
    expect(m1.labels?.labelled).toBe(m1.rows);
    expect(doneText(out)).toMatch(/^v1 on 2 batches: \d+ alerts? to act on/);
    // A version with no run in this workspace: retraining is by hand, and the cell says so.
    expect(out.retrain).toMatch(/its run is not in this workspace, so retrain by hand/);
    // Kept in the table cache (IndexedDB clones it) and read back whole.
    expect(monitorCache.restore(structuredClone(monitorCache.keep(out)), cellOf('monitor', base))).toEqual(
      out,
    );
  });

  it('measures drift without labels, and says it waits for them', async () => {
    const out = await run({ label: '' });
    expect(out.batches.every((b) => b.performance.state === 'waiting')).toBe(true);
    expect(out.batches[0]?.performance).toMatchObject({
      reason: expect.stringMatching(/waiting for labels/),
    });
    expect(out.batches[1]?.drift.level).toBe('major');
  });

  it('waits for the labels of a batch whose labels have not arrived, and measures the others', async () => {
    await engine.exec(
      "CREATE OR REPLACE TABLE arriving AS SELECT * REPLACE (CASE WHEN month = 'm2' THEN NULL ELSE Churn END AS Churn) FROM monthly",
    );
    const out = await run({ input: 'arriving' });
    const [m1, m2] = out.batches;
    expect(m1?.performance.state).toBe('measured');
    expect(m2?.performance).toEqual({
      state: 'waiting',
      reason: 'waiting for labels: no row of this batch has a label yet.',
    });
    expect(m2?.labels).toEqual({ labelled: 0, positive: 0 });
    expect(m2?.drift.level).toBe('major');
  });

  it('names a missing feature column, a changed type, an empty batch and an unknown batch column', async () => {
    await engine.exec('CREATE OR REPLACE TABLE lacking AS SELECT * EXCLUDE (Contract) FROM monthly');
    await expect(run({ input: 'lacking' })).rejects.toThrow(
      /Table "lacking" has no column "Contract", which the model uses/,
    );
    await engine.exec(
      'CREATE OR REPLACE TABLE retyped AS SELECT * REPLACE (CAST(tenure AS VARCHAR) AS tenure) FROM monthly',
    );
    await expect(run({ input: 'retyped' })).rejects.toThrow(
      /"tenure" of "retyped" is VARCHAR; the model reads it as a number/,
    );
    await engine.exec('CREATE OR REPLACE TABLE empty_batch AS SELECT * FROM monthly LIMIT 0');
    await expect(run({ input: 'empty_batch' })).rejects.toThrow(
      /"empty_batch" has no rows: there is no batch to monitor/,
    );
    await expect(run({ batchColumn: 'quarter' })).rejects.toThrow(/no batch column "quarter"/);
    await expect(run({ label: 'Outcome' })).rejects.toThrow(
      /no label column "Outcome".*drift is still measured/,
    );
  });

  it('says how many bins a small reference allows, and refuses one too small', async () => {
    await engine.exec(
      'CREATE OR REPLACE TABLE small_ref AS SELECT * FROM churn ORDER BY customerID LIMIT 70',
    );
    const out = await run({ reference: 'small_ref' });
    expect(out.notes.join('\n')).toMatch(/tenure: .*7 bins/);
    expect(
      out.batches[0]?.drift.features.find((f) => f.name === 'tenure')?.bins?.edges.length,
    ).toBeLessThanOrEqual(6);
    await engine.exec('CREATE OR REPLACE TABLE tiny_ref AS SELECT * FROM churn ORDER BY customerID LIMIT 15');
    await expect(run({ reference: 'tiny_ref' })).rejects.toThrow(/Feature "\w+": .*15/);
  });

  it('says what to do when the version’s bundle is missing', async () => {
    await expect(run({}, context(new Map()))).rejects.toThrow(
      /The bundle of model v1 cannot be read: The bundle of model version mv-1 is not stored\. Pick another version, or import its bundle file again/,
    );
  });
});

describe('v2 against v1', () => {
  it('compares on the same rows, none of which either version trained on, and writes the disagreements', async () => {
    // m2 holds changed copies of churn rows (MonthlyCharges + 40), so none is a training row; 25
    // exact copies of training rows are added to it and must be left out.
    await engine.exec(`CREATE OR REPLACE TABLE mixed AS
      SELECT * FROM monthly UNION ALL (SELECT *, 'm2' AS month FROM churn ORDER BY customerID LIMIT 25)`);
    const out = await run({ input: 'mixed', challenger: 2 });
    const c = out.comparison;
    if (c === null) throw new Error('no comparison');
    expect(c.batch).toBe('m2');
    const m2 = out.batches[1];
    expect(c.labelled).toBe(m2?.rows);
    expect(c.excluded).toBe(25);
    expect(c.result.rows).toBe((m2?.rows ?? 0) - 25);
    // No compared row is a training row: each compared row id, looked up in mixed, is not in churn.
    const leaked = await engine.query(`SELECT count(*) AS n FROM
      (SELECT *, row_number() OVER () AS r FROM (SELECT * EXCLUDE (month) FROM mixed)) AS m
      WHERE r IN (${c.result.disagreements.map((d) => d.rowId).join(', ') || 0})
        AND EXISTS (SELECT 1 FROM churn AS t WHERE t.customerID = m.customerID AND t.MonthlyCharges = m.MonthlyCharges AND t.tenure = m.tenure)`);
    expect(Number(leaked.getChild('n')?.get(0))).toBe(0);
    expect(c.result.challenger).not.toBeNull();
    expect(c.result.lower).toBeLessThanOrEqual(c.result.difference ?? NaN);
    expect(c.result.upper).toBeGreaterThanOrEqual(c.result.difference ?? NaN);
    expect(c.result.valuePer1000).not.toBeNull();
    const table = await engine.query(
      'SELECT count(*) AS n, count(v1_score) AS s, count(v2_acts) AS a FROM disagreements',
    );
    expect(Number(table.getChild('n')?.get(0))).toBe(c.result.disagreements.length);
    // Kept with its disagreements table; read back for a cell that writes another, it is not used.
    const kept = structuredClone(monitorCache.keep(out));
    const cell = { ...base, input: 'mixed', challenger: 2 };
    expect(monitorCache.restore(kept, cellOf('monitor', cell))).toEqual(out);
    expect(monitorCache.restore(kept, cellOf('monitor', { ...cell, disagreements: 'other' }))).toBeNull();
    expect(c.table?.columns.map((col) => col.name)).toEqual([
      'row',
      'label',
      'v1_score',
      'v2_score',
      'v1_acts',
      'v2_acts',
    ]);
  });

  it('keeps what an earlier run wrote when a later one fails late (the challenger’s bundle missing)', async () => {
    await engine.exec('CREATE OR REPLACE TABLE disagreements AS SELECT 7 AS "row"');
    await expect(run({ challenger: 2 }, context(new Map([['mv-1', v1]])))).rejects.toThrow(
      /The bundle of model v2 cannot be read: .*Pick another version, or import its bundle file again/,
    );
    const kept = await engine.query('SELECT count(*) AS n, min("row") AS r FROM disagreements');
    expect([Number(kept.getChild('n')?.get(0)), Number(kept.getChild('r')?.get(0))]).toEqual([1, 7]);
    const work = await engine.query(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__casebook_monitor_%'",
    );
    expect(Number(work.getChild('n')?.get(0))).toBe(0);
  });

  it('refuses a batch whose every labelled row was trained on', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE replayed AS SELECT *, 'again' AS month FROM churn`);
    await expect(run({ input: 'replayed', challenger: 2 })).rejects.toThrow(
      /Batch again has no labelled row that neither version trained on \(7043 labelled, all in churn or churn\)/,
    );
  });
});
