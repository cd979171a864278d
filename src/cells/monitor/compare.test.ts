import { describe, expect, it } from 'vitest';
import { pairedBootstrap, rocAuc } from '../../ml/metrics';
import { compareVersions } from './compare';
import { defaultWindow, retrainWindowProblem, retrainWindowSql, type WindowBatch } from './retrain';
import { MONITOR_DEFAULTS } from '../../notebook/kinds/monitor';

/*
 * The comparison's parts, pure: the paired interval is ml/metrics' pairedBootstrap (checked there
 * against numpy) on exactly the rows given; the value per 1,000 is counted by hand here; a
 * disagreement is a row where one version acts and the other does not.
 */

const auc = (y: Float64Array, s: Float64Array) => rocAuc(y, s).value;

describe('compareVersions', () => {
  const y = [1, 0, 1, 0, 1, 0, 0, 1];
  const v2 = [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.1, 0.4];
  const v1 = [0.6, 0.5, 0.4, 0.7, 0.8, 0.2, 0.3, 0.9];
  const rows = { rowIds: [11, 12, 13, 14, 15, 16, 17, 18], y, challenger: v2, incumbent: v1 };
  const options = {
    metricFn: auc,
    higherIsBetter: true,
    challengerThreshold: 0.5,
    incumbentThreshold: 0.5,
    values: { tp: 30, fp: -10, tn: 0, fn: 0 },
    seed: 7,
    iterations: 200,
  };

  it('is the paired bootstrap of the same rows, with the value per 1,000 and the disagreements', () => {
    const c = compareVersions(rows, options);
    const boot = pairedBootstrap(auc, y, v2, v1, { seed: 7, iterations: 200 });
    expect(c.challenger).toBe(boot.estimateA);
    expect(c.incumbent).toBe(boot.estimateB);
    expect([c.lower, c.upper]).toEqual([boot.lower, boot.upper]);
    expect(c.challenger).toBeCloseTo(15 / 16, 12);
    // v2 acts on rows 11, 13, 15, 16: 3 tp, 1 fp → (90 − 10) / 8 · 1,000.
    expect(c.valuePer1000?.challenger).toBeCloseTo(10_000, 9);
    // v1 acts on 11, 12 (0.5 is at the threshold), 14, 15, 18: 3 tp, 2 fp → (90 − 20) / 8 · 1,000.
    expect(c.valuePer1000?.incumbent).toBeCloseTo(8_750, 9);
    expect(c.disagreements.map((d) => d.rowId)).toEqual([12, 13, 14, 16, 18]);
    expect(c.disagreements[1]).toMatchObject({ y: 1, challengerActs: true, incumbentActs: false });
  });

  it('refuses rows and scores of different lengths, and no rows', () => {
    expect(() => compareVersions({ ...rows, incumbent: v1.slice(1) }, options)).toThrow(/as many/);
    expect(() => compareVersions({ rowIds: [], y: [], challenger: [], incumbent: [] }, options)).toThrow(
      /no row/,
    );
  });
});

function batch(label: string, labelled: number, positive: number): WindowBatch {
  return { label, labels: { labelled, positive } };
}

describe('the retrain window', () => {
  it('keeps the last batch apart and refuses one class', () => {
    const batches = [batch('2001-04', 100, 0), batch('2001-05', 80, 0), batch('2001-06', 90, 20)];
    expect(defaultWindow(batches)).toEqual(['2001-04', '2001-05']);
    expect(retrainWindowProblem(batches, ['2001-04', '2001-05'], 'binary')?.message).toMatch(
      /Every labelled row of 2001-04, 2001-05 \(180\) is of one class \(none positive\): a model cannot learn from one class/,
    );
    expect(retrainWindowProblem(batches, ['2001-05', '2001-06'], 'binary')).toBeNull();
    expect(retrainWindowProblem(batches, [], 'binary')?.message).toMatch(/Choose the batches/);
  });

  it('selects the window’s rows by the batch column, quoted', () => {
    const config = {
      ...MONITOR_DEFAULTS,
      version: null,
      reference: '',
      input: 'dep"s',
      batchColumn: 'month',
      label: 'y',
      challenger: null,
      compareBatch: '',
      disagreements: 'd',
    };
    expect(retrainWindowSql(config, ['2001-04', "o'k"])).toBe(
      `SELECT * FROM "dep""s"\nWHERE CAST("month" AS VARCHAR) IN ('2001-04', 'o''k')`,
    );
  });
});
