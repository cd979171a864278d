import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImportHarness, type ImportHarness } from '../testing/import-harness';
import { profileTable } from './index';
import { column, expectPlainJson, expectValidSuggestions, replayNative } from './test-helpers';
import type { TableProfile } from './types';

// The IBM Telco churn sample (7,043 customers): 11 new customers have TotalCharges ' '.
const CSV = new URL('../../ml/models/fixtures/telco_churn.csv', import.meta.url);

let harness: ImportHarness;
let profile: TableProfile;
beforeAll(async () => {
  harness = await createImportHarness();
  await harness.run('telco_churn.csv', readFileSync(CSV), 'csv', { table: 'telco' });
  profile = await profileTable(harness.engine, 'telco', { sampleRows: 100_000, target: 'Churn' });
});

describe('profiling the telco churn file', () => {
  it('TotalCharges is text that should be DOUBLE, with 11 blanks', () => {
    const total = column(profile, 'TotalCharges');
    expect(total).toMatchObject({ duckType: 'VARCHAR', missing: { nulls: 0, blanks: 11, placeholders: [] } });
    expect(total.shouldBe).toEqual({ type: 'DOUBLE', share: 1, failures: [] });
    const issue = profile.issues.find((i) => i.column === 'TotalCharges' && i.code === 'should-be-number');
    expect(issue?.suggestions).toEqual([
      { recipe: 'placeholder-null', column: 'TotalCharges', tokens: [''] },
      { recipe: 'cast', column: 'TotalCharges', to: 'DOUBLE' },
    ]);
  });

  it('flags "No internet service" for review, not as surely missing', () => {
    expect(column(profile, 'OnlineSecurity').missing.placeholders).toEqual([
      { value: 'No internet service', count: 1526, review: true },
    ]);
    // The same 1,526 customers in six service columns: a "not applicable" that InternetService explains.
    const repeated = profile.issues.filter((i) => i.code === 'repeated-level');
    expect(repeated.map((i) => i.message)).toEqual([
      '"No internet service" appears in 6 columns (OnlineSecurity, OnlineBackup, DeviceProtection, TechSupport, StreamingTV, StreamingMovies) on the same 1,526 rows: it is a "not applicable" explained by another column, a placeholder rather than a level of its own. Keep it as its own level knowingly, or merge it (into "No") in a clean cell.',
    ]);
    // 26.5% churn is not imbalanced; no column copies the target; tenure's zeros are real (a count from 0).
    expect(
      profile.issues.filter((i) => ['class-imbalance', 'target-copy', 'zeros-as-missing'].includes(i.code)),
    ).toEqual([]);
  });

  it('Churn (read as BOOLEAN by the CSV sniffer) as target: true is positive, about 26.5% overall; rates per contract and per tenure decile', () => {
    // 1,869 of 7,043 customers churned (the sample's documented rate).
    expect(profile.target).toEqual({
      column: 'Churn',
      kind: 'binary',
      positiveLabel: 'true',
      overallRate: 1869 / 7043,
    });
    expect(profile.target?.kind === 'binary' ? profile.target.overallRate : 0).toBeCloseTo(0.2654, 4);
    const contract = column(profile, 'Contract').targetRates ?? [];
    expect(contract.map((r) => r.label).sort()).toEqual(['Month-to-month', 'One year', 'Two year']);
    expect(contract.reduce((s, r) => s + r.count, 0)).toBe(7043);
    const tenure = column(profile, 'tenure').targetRates ?? [];
    expect(tenure.every((r) => r.bucket === 'range')).toBe(true);
    expect(tenure.length).toBeGreaterThanOrEqual(8);
    expect(tenure.reduce((s, r) => s + r.count, 0)).toBe(7043);
    expect(column(profile, 'customerID').flags.idLike).toBe(true);
    expect(column(profile, 'customerID').targetRates).toBeNull();
    expect(column(profile, 'Churn').targetRates).toBeNull();
  });

  it('suggestions compile, the profile is plain JSON, and its queries replay in native DuckDB', async () => {
    await expectValidSuggestions(harness.engine, profile);
    expectPlainJson(profile);
    const path = fileURLToPath(CSV).replaceAll("'", "''");
    await replayNative(
      `CREATE TABLE telco AS SELECT * FROM read_csv('${path}', all_varchar = false)`,
      profile.queries,
    );
  });
});
