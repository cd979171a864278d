import { describe, expect, it } from 'vitest';
import { mulberry32, permutation } from '../models/prng';
import { batchDrift, type BatchDrift, type FeatureDrift } from './drift';
import { categoricalFeatureCounts, numericFeatureCounts } from './samples';
import { range, telcoNumbers, telcoStrings, telcoTable } from './testing';

// The detector both ways on the Telco churn sample (7,043 customers): drift injected into a copy
// of the rows is found, and random splits of the same rows raise no more alarms than α allows.
const NUMERIC = ['tenure', 'MonthlyCharges', 'TotalCharges', 'SeniorCitizen'];
const CATEGORICAL = [
  'gender',
  'Partner',
  'Dependents',
  'PhoneService',
  'MultipleLines',
  'InternetService',
  'OnlineSecurity',
  'OnlineBackup',
  'DeviceProtection',
  'TechSupport',
  'StreamingTV',
  'StreamingMovies',
  'Contract',
  'PaperlessBilling',
  'PaymentMethod',
];

interface Columns {
  numbers: Map<string, Float64Array>;
  strings: Map<string, (string | null)[]>;
}

function columns(rows: readonly number[]): Columns {
  const table = telcoTable();
  return {
    numbers: new Map(NUMERIC.map((name) => [name, telcoNumbers(table, name, rows)])),
    strings: new Map(CATEGORICAL.map((name) => [name, telcoStrings(table, name, rows)])),
  };
}

function drift(reference: Columns, batch: Columns): BatchDrift {
  return batchDrift([
    ...NUMERIC.map((name) =>
      numericFeatureCounts(name, reference.numbers.get(name) ?? [], batch.numbers.get(name) ?? []),
    ),
    ...CATEGORICAL.map((name) =>
      categoricalFeatureCounts(name, reference.strings.get(name) ?? [], batch.strings.get(name) ?? []),
    ),
  ]);
}

function feature(result: BatchDrift, name: string): FeatureDrift {
  const found = result.features.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no feature ${name}`);
  return found;
}

/** A seeded half split of all rows: reference first, batch second. */
function split(seed: number): [number[], number[]] {
  const order = Array.from(permutation(telcoTable().rows.length, mulberry32(seed)));
  const half = Math.floor(order.length / 2);
  return [order.slice(0, half), order.slice(half)];
}

describe('drift injected into a copy of Telco is found', () => {
  const [referenceRows, batchRows] = split(2024);
  const reference = columns(referenceRows);
  const clean = drift(reference, columns(batchRows));

  it('the clean copy: no feature drifts, no test is significant', () => {
    expect(clean.level).toBe('stable');
    expect(clean.significant).toEqual([]);
    expect(clean.tests).toBe(NUMERIC.length + CATEGORICAL.length);
  });

  it('a shifted mean: MonthlyCharges + 8 (about a quarter of its standard deviation)', () => {
    const batch = columns(batchRows);
    batch.numbers.set(
      'MonthlyCharges',
      (batch.numbers.get('MonthlyCharges') ?? new Float64Array()).map((v) => v + 8),
    );
    const result = drift(reference, batch);
    expect(result.significant).toEqual(['MonthlyCharges']);
    expect(result.features[0]?.name).toBe('MonthlyCharges');
    const f = feature(result, 'MonthlyCharges');
    expect(f.level).not.toBe('stable');
    expect(f.test.method).toBe('ks');
    expect(f.test.pValue).toBeLessThan(1e-10);
  });

  it('a new category: 10 % of the batch pays by "Crypto wallet"', () => {
    const batch = columns(batchRows);
    const random = mulberry32(7);
    batch.strings.set(
      'PaymentMethod',
      (batch.strings.get('PaymentMethod') ?? []).map((v) => (random() < 0.1 ? 'Crypto wallet' : v)),
    );
    const result = drift(reference, batch);
    expect(result.significant).toEqual(['PaymentMethod']);
    const f = feature(result, 'PaymentMethod');
    expect(f.newCategories.map((c) => c.name)).toEqual(['Crypto wallet']);
    expect(f.newCategories[0]?.count).toBeGreaterThan(300);
    expect(f.level).toBe('major');
    const test = f.test;
    if (test.pValue === null || test.method !== 'chi-square') throw new Error('expected a chi-square test');
    expect(test.table.labels).toContain('Crypto wallet');
  });

  it('a missing-rate jump: TotalCharges from 0.2 % to 20 % missing', () => {
    const batch = columns(batchRows);
    const random = mulberry32(8);
    batch.numbers.set(
      'TotalCharges',
      (batch.numbers.get('TotalCharges') ?? new Float64Array()).map((v) => (random() < 0.2 ? NaN : v)),
    );
    const result = drift(reference, batch);
    const f = feature(result, 'TotalCharges');
    expect(result.features[0]?.name).toBe('TotalCharges');
    expect(f.level).toBe('major');
    expect(f.missingShare.reference).toBeLessThan(0.005);
    expect(f.missingShare.batch).toBeGreaterThan(0.18);
    // The missing bin carries the PSI; KS, on the values present, sees nothing.
    const worstBin = [...f.psi.bins].sort((a, b) => b.contribution - a.contribution)[0];
    expect(worstBin?.label).toBe('missing');
    expect(result.significant).toEqual([]);
  });

  it('a missing-rate jump in a categorical feature is also tested (chi-square counts "(missing)")', () => {
    const batch = columns(batchRows);
    const random = mulberry32(9);
    batch.strings.set(
      'Contract',
      (batch.strings.get('Contract') ?? []).map((v) => (random() < 0.1 ? null : v)),
    );
    const result = drift(reference, batch);
    expect(result.significant).toEqual(['Contract']);
    expect(feature(result, 'Contract').level).toBe('major');
  });
});

describe('random splits of Telco raise no more alarms than α', () => {
  it('100 seeded splits: at most 5 with any significant feature after BH (α = 0.05), none with PSI ≥ 0.1', () => {
    let alarms = 0;
    let uncorrected = 0;
    let psiAlarms = 0;
    let worstPsi = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const [referenceRows, batchRows] = split(seed);
      const result = drift(columns(referenceRows), columns(batchRows));
      if (result.significant.length > 0) alarms++;
      if (result.features.some((f) => f.test.pValue !== null && f.test.pValue < 0.05)) uncorrected++;
      if (result.level !== 'stable') psiAlarms++;
      worstPsi = Math.max(worstPsi, result.features[0]?.psi.value ?? 0);
    }
    console.log(
      `random splits: ${alarms} of 100 with a BH-significant feature (${uncorrected} with some p < 0.05 ` +
        `before the correction); worst PSI ${worstPsi.toFixed(4)}`,
    );
    expect(alarms).toBeLessThanOrEqual(5);
    expect(psiAlarms).toBe(0);
  });

  it('identical reference and batch: every PSI is 0 and nothing is significant', () => {
    const rows = range(0, telcoTable().rows.length);
    const result = drift(columns(rows), columns(rows));
    expect(result.significant).toEqual([]);
    expect(result.features.every((f) => f.psi.value === 0)).toBe(true);
  });
});
