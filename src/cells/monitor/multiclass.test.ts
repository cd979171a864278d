import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENGUIN_CONFIGS } from '../../app/samples/penguins';
import { readScoringMatrix } from '../../data/features/matrix';
import { scoringPlan } from '../../data/score/plan';
import { textRows } from '../../data/testing/text-rows';
import { classMixDrift } from '../../ml/drift';
import { multiclassMetric } from '../../ml/metrics';
import { mostProbable, scoreClasses } from '../../notebook/bundle/score';
import type { ModelBundle } from '../../notebook/bundle/types';
import { MONITOR_DEFAULTS, type MonitorConfig } from '../../notebook/kinds/monitor';
import { championOf, penguinModels, type PenguinModels } from '../penguin-bundles';
import { cellOf, testContext } from '../testing';
import { runMonitor } from './run';
import { batchLine } from './view';

/*
 * The monitor cell on a multiclass version: the Penguin species softmax logistic regression
 * watched on two batches of the sample's own rows with their species as labels — "all", every
 * bird (the reference's class mix exactly: no drift), and "no-biscoe", the birds of Dream and
 * Torgersen (no Gentoo lives there: the predicted class mix moves, a major drift). The statistics
 * themselves are checked against SciPy in src/ml/drift/class-mix.test.ts; here they must be the
 * class mix of the version's own predictions, and the metric the brief's macro-F1 on the labels.
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
}, 300_000);
afterAll(async () => {
  await penguins.engine.terminate();
});

describe('the monitor cell on a multiclass version', () => {
  it('measures the predicted class mix against the reference and the brief’s multiclass metric', async () => {
    const { engine } = penguins;
    const ctx = {
      ...testContext(engine, PENGUIN_CONFIGS.brief, { models: championOf(bundle) }),
      report: () => undefined,
    };
    const out = await runMonitor(ctx, cellOf('monitor', CONFIG));
    expect(out.model.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    const [all, away] = out.batches;
    if (!all || !away) throw new Error('two batches');
    expect([all.label, away.label]).toEqual(['all', 'no-biscoe']);

    // The version's own predictions of the reference and of the Dream and Torgersen birds.
    const { sql, columns } = scoringPlan(bundle, 'penguins');
    const m = await readScoringMatrix(engine, sql, columns);
    const p = scoreClasses(bundle.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
    const predicted = mostProbable(p);
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
      out.alerts.some((a) => a.batch === 'no-biscoe' && /PSI of the predicted class mix/.test(a.text)),
    ).toBe(true);
    expect(batchLine(away)).toMatch(
      /predicted class mix PSI [\d.]+, χ² p [\d.e+-]+: Adelie [\d.]+ % \(reference/,
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
  });
});
