import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../engine';
import { createNodeEngine } from '../testing/node-engine';
import { profileTable } from './index';
import type { QualityIssue, TableProfile } from './types';

/*
 * What a data scientist finds that a per-column profile misses. The data is built so each finding
 * has a known answer: 40 zeros in an otherwise positive income, a placeholder level in three
 * columns, a column missing far more often for positives, a 4% positive rate, a copy of the target.
 */
const SETUP = `CREATE TABLE loans AS SELECT
  i AS id,
  CASE WHEN i % 25 = 0 THEN 0 ELSE 20000 + (i * 37) % 50000 END AS income,
  CASE WHEN i % 25 = 0 THEN 0 ELSE i % 60 END AS tenure_months,
  CASE WHEN i % 4 = 0 THEN 'No phone plan' WHEN i % 2 = 0 THEN 'Yes' ELSE 'No' END AS roaming,
  CASE WHEN i % 4 = 0 THEN 'No phone plan' WHEN i % 3 = 0 THEN 'Yes' ELSE 'No' END AS voicemail,
  CASE WHEN i % 4 = 0 THEN 'No phone plan' ELSE 'Basic' END AS plan_kind,
  CASE WHEN i % 8 = 1 THEN 'emp_unk' ELSE 'employed' END AS employment,
  CASE WHEN (i % 25 = 3 AND i % 2 = 1) OR (i % 25 = 7 AND i < 60) THEN NULL ELSE i % 9 END AS months_since_default,
  CASE WHEN i % 25 = 3 THEN 'Yes' ELSE 'No' END AS defaulted,
  CASE WHEN i % 25 = 3 THEN 'written off' ELSE 'open' END AS account_status,
  (i * 7919) % 1000 AS noise
FROM range(1000) AS r(i)`;

let engine: SqlEngine;
let profile: TableProfile;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(SETUP);
  profile = await profileTable(engine, 'loans', { sampleRows: 100_000, target: 'defaulted' });
});
afterAll(() => engine.terminate());

const find = (code: QualityIssue['code'], column?: string | null): QualityIssue | undefined =>
  profile.issues.find((i) => i.code === code && (column === undefined || i.column === column));

describe('profile insights', () => {
  // Reference: numpy on the same rows — min 20,037, median 38,500 of the 960 positive incomes.
  it('zeros that stand for missing in an otherwise positive column; not in a count that starts at 0', () => {
    expect(find('zeros-as-missing', 'income')?.message).toBe(
      'income: 40 values are 0 (4%) while every other value is at least 20,037 (median 38,500): the zeros may stand for "not recorded". Check with whoever made the data before treating them as real.',
    );
    expect(find('zeros-as-missing', 'tenure_months')).toBeUndefined();
    expect(find('zeros-as-missing', 'noise')).toBeUndefined();
  });

  it('a level repeated across columns on the same rows is a placeholder', () => {
    const repeated = find('repeated-level');
    expect(repeated?.rows).toBe(250);
    expect(repeated?.message).toContain(
      '"No phone plan" appears in 3 columns (roaming, voicemail, plan_kind) on the same 250 rows',
    );
    // Yes/No levels repeat everywhere and mean what they say.
    expect(profile.issues.filter((i) => i.code === 'repeated-level')).toHaveLength(1);
  });

  it('coded unknowns such as emp_unk are placeholders', () => {
    const employment = profile.columns.find((c) => c.name === 'employment');
    expect(employment?.missing.placeholders).toEqual([{ value: 'emp_unk', count: 125 }]);
  });

  it('informative missingness: the two rates, by target class', () => {
    // Positives (i % 25 = 3): 40 rows, 20 missing (odd i). Negatives: 960 rows, 3 missing (i = 7, 32, 57).
    expect(find('informative-missing', 'months_since_default')?.message).toBe(
      'months_since_default is missing on 50% of the rows where defaulted is Yes and on 0.3% of the others: being missing tells the target. Impute it with an indicator column (in the features cell), so the model keeps that signal.',
    );
    expect(find('informative-missing', 'income')).toBeUndefined();
  });

  it('class imbalance under 10% positives', () => {
    expect(find('class-imbalance')?.message).toBe(
      'Only 4% of the rows have defaulted = Yes: accuracy and F1 at a 0.5 threshold will mislead (predicting the majority scores 96% accuracy). Judge models by PR AUC or by value at a chosen threshold, and stratify the split.',
    );
  });

  it('a copy of the target is flagged high, and the target itself is not', () => {
    const copy = find('target-copy', 'account_status');
    expect(copy?.severity).toBe('high');
    expect(copy?.message).toContain('account_status settles defaulted on 100% of the rows');
    expect(find('target-copy', 'defaulted')).toBeUndefined();
    expect(find('target-copy', 'noise')).toBeUndefined();
  });
});

describe('numeric targets', () => {
  it('never suggests clipping the target; flags a rescaled copy and a lag in the brief’s time order', async () => {
    const e = await createNodeEngine();
    await e.exec(`CREATE TABLE sales AS SELECT
      DATE '2020-01-01' + i::INTEGER AS day,
      CASE WHEN i % 50 = 0 THEN 100000.0 ELSE 100 + (i * 13) % 40 END AS units,
      (CASE WHEN i % 50 = 0 THEN 100000.0 ELSE 100 + (i * 13) % 40 END) * 2.5 AS revenue,
      (i * 7) % 11 AS promo
    FROM range(400) AS r(i)`);
    await e.exec(
      `CREATE TABLE sales_lag AS SELECT day, units, promo, lag(units) OVER (ORDER BY day) AS units_yesterday FROM sales`,
    );
    const p = await profileTable(e, 'sales', { sampleRows: 100_000, target: 'units' });
    const outliers = p.issues.find((i) => i.code === 'outliers' && i.column === 'units');
    expect(outliers?.suggestions).toEqual([]);
    expect(outliers?.message).toContain('Never clip the target');
    expect(p.issues.find((i) => i.code === 'target-copy')?.column).toBe('revenue');
    const lagged = await profileTable(e, 'sales_lag', { sampleRows: 100_000, target: 'units', order: 'day' });
    expect(lagged.issues.find((i) => i.code === 'target-lag')?.column).toBe('units_yesterday');
    // Without an order there is no "previous row", so no lag is claimed.
    const unordered = await profileTable(e, 'sales_lag', { sampleRows: 100_000, target: 'units' });
    expect(unordered.issues.find((i) => i.code === 'target-lag')).toBeUndefined();
    await e.terminate();
  });
});
