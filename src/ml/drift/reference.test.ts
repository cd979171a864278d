import { describe, expect, it } from 'vitest';
import { SCIPY_REFERENCE } from './fixtures/scipy_reference';
import { numericBinLabels } from './bins';
import { categoricalPsi, countCategories } from './categories';
import { chiSquareTest } from './chi-square';
import { kolmogorovSurvival } from './kolmogorov';
import { ksTwoSample } from './ks';
import { benjaminiHochberg } from './multiple';
import { psiFromCounts } from './psi';
import { numericFeatureCounts } from './samples';
import { chiSquareSf as chiSquareSurvival } from '../stats';
import { smirnovSurvival } from './smirnov';
import {
  categoricalSample,
  expectNear,
  expectRelative,
  numericSample,
  range,
  telcoNumbers,
  telcoStrings,
  telcoTable,
  type CategoricalSpec,
  type NumericSpec,
} from './testing';

// Known answers from SciPy 1.10.1 (ks_2samp method='auto', kstwo.sf, smirnov, chi2.sf,
// chi2_contingency correction=False), statsmodels 0.13.5 (multipletests fdr_bh) and a numpy PSI
// written to the same bin rules, by reference/drift_reference.py into fixtures/scipy_reference.ts.

interface NumericExpected {
  readonly planned: number;
  readonly edges: readonly number[];
  readonly referenceCounts: readonly number[];
  readonly batchCounts: readonly number[];
  readonly psi: number;
  readonly ksStatistic: number;
  readonly ksPValue: number;
}

interface CategoricalExpected {
  readonly reference: readonly number[];
  readonly batch: readonly number[];
  readonly pooled: number;
  readonly statistic: number;
  readonly pValue: number;
  readonly df: number;
  readonly psi: number;
}

const withoutMissing = (values: Float64Array) => values.filter((v) => !Number.isNaN(v));

function checkNumeric(reference: Float64Array, batch: Float64Array, expected: NumericExpected): void {
  const counts = numericFeatureCounts('x', reference, batch);
  expect(counts.bins.planned).toBe(expected.planned);
  expect(counts.bins.edges).toEqual(expected.edges);
  expect([...counts.reference.counts, counts.reference.missing]).toEqual(expected.referenceCounts);
  expect([...counts.batch.counts, counts.batch.missing]).toEqual(expected.batchCounts);
  const psi = psiFromCounts(
    [...counts.reference.counts, counts.reference.missing],
    [...counts.batch.counts, counts.batch.missing],
    numericBinLabels(counts.bins),
  );
  expectNear(psi.value, expected.psi, 1e-9, 'psi');
  const ks = ksTwoSample(withoutMissing(reference), withoutMissing(batch));
  expect(ks.statistic).toBe(expected.ksStatistic);
  expectRelative(ks.pValue, expected.ksPValue, 1e-9, 'ks p');
}

function checkCategorical(
  reference: readonly (string | null)[],
  batch: readonly (string | null)[],
  expected: CategoricalExpected,
): void {
  const r = countCategories(reference);
  const b = countCategories(batch);
  const test = chiSquareTest(r, b);
  expect(test.table.reference).toEqual(expected.reference);
  expect(test.table.batch).toEqual(expected.batch);
  expect(test.table.pooled.length).toBe(expected.pooled);
  if (expected.df === 0) {
    expect(test.testable).toBe(false);
  } else {
    if (!test.testable) throw new Error(test.reason);
    expect(test.df).toBe(expected.df);
    expectNear(test.statistic, expected.statistic, 1e-9, 'chi2');
    expectRelative(test.pValue, expected.pValue, 1e-9, 'chi2 p');
  }
  expectNear(categoricalPsi(r, b).value, expected.psi, 1e-9, 'psi');
}

describe('drift against SciPy / statsmodels / numpy', () => {
  it('draws the same samples as the Python script', () => {
    expect([...numericSample({ mean: 0, sd: 1 }, 3, 1)]).toEqual(SCIPY_REFERENCE.firstDraws);
  });

  it.each(Object.entries(SCIPY_REFERENCE.numeric))('numeric case %s: bins, PSI and KS', (_, c) => {
    const [rs, rn, rseed] = c.referenceSample;
    const [bs, bn, bseed] = c.batchSample;
    const spec = (s: object): NumericSpec => ({ mean: 0, sd: 1, ...s });
    checkNumeric(numericSample(spec(rs), rn, rseed), numericSample(spec(bs), bn, bseed), c);
  });

  it.each(Object.entries(SCIPY_REFERENCE.categorical))(
    'categorical case %s: pooling, chi-square and PSI',
    (_, c) => {
      const [rs, rn, rseed] = c.referenceSample;
      const [bs, bn, bseed] = c.batchSample;
      const spec = (s: CategoricalSpec): CategoricalSpec => s;
      checkCategorical(categoricalSample(spec(rs), rn, rseed), categoricalSample(spec(bs), bn, bseed), c);
    },
  );

  it.each(Object.entries(SCIPY_REFERENCE.telco))('Telco %s', (key, c) => {
    const table = telcoTable();
    const [batchName, feature] = key.split('.');
    if (feature === undefined) throw new Error(key);
    const referenceRows = range(0, 5000);
    const rest = range(5000, table.rows.length);
    const tenure = telcoNumbers(table, 'tenure', rest);
    const batchRows = batchName === 'split' ? rest : rest.filter((_, i) => (tenure[i] ?? 0) < 24);
    if ('ksStatistic' in c)
      checkNumeric(telcoNumbers(table, feature, referenceRows), telcoNumbers(table, feature, batchRows), c);
    else
      checkCategorical(
        telcoStrings(table, feature, referenceRows),
        telcoStrings(table, feature, batchRows),
        c,
      );
  });

  it('kstwo.sf over every branch (both Ruben–Gambino ends, Durbin, Pomeranz, Pelz–Good, Smirnov)', () => {
    for (const [n, x, expected] of SCIPY_REFERENCE.kstwo)
      expectRelative(kolmogorovSurvival(n, x), expected, 1e-9, `n=${n} x=${x}`);
  });

  it('smirnov (one-sided) for small and large n', () => {
    for (const [n, x, expected] of SCIPY_REFERENCE.smirnov)
      expectRelative(smirnovSurvival(n, x), expected, 1e-9, `n=${n} x=${x}`);
  });

  it('chi2.sf from 1 to 5,000 degrees of freedom', () => {
    for (const [x, df, expected] of SCIPY_REFERENCE.chi2)
      expectRelative(chiSquareSurvival(x, df), expected, 1e-9, `x=${x} df=${df}`);
  });

  it('Benjamini–Hochberg as multipletests(fdr_bh)', () => {
    for (const c of SCIPY_REFERENCE.bh) {
      const result = benjaminiHochberg(c.p, 0.05);
      result.adjusted.forEach((v, i) => expectNear(v, c.adjusted[i] ?? NaN, 1e-12, `p=${c.p[i]}`));
      expect(result.rejected).toEqual(c.rejected);
    }
  });
});
