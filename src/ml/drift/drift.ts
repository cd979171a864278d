/**
 * Drift of one batch against the reference, feature by feature, from counts (made in TypeScript
 * by `./samples` or in DuckDB by `src/data/drift`): PSI and its alert level, a test (KS for
 * numeric features, chi-square for categorical ones) with Benjamini–Hochberg adjusted p-values
 * across the features, the new categories, and the features ranked worst first.
 */
import { MlError } from '../metrics/errors';
import { numericBinLabels, type BinCounts, type NumericBins } from './bins';
import {
  categoricalPsi,
  newCategories,
  totalRows,
  type CategoryCounts,
  type NewCategory,
} from './categories';
import { chiSquareTest, MIN_EXPECTED, type ContingencyTable } from './chi-square';
import { ksFromStatistic, KS_EXACT_MAX_N, type KsMethod } from './ks';
import { benjaminiHochberg } from './multiple';
import { psiFromCounts, PSI_FLOOR, type PsiResult } from './psi';
import { driftLevel, levelRank, resolveThresholds, type DriftLevel, type DriftThresholds } from './levels';

/** What KS needs, counted elsewhere: the largest ECDF gap and both non-missing sizes. */
export interface KsInput {
  readonly statistic: number;
  readonly nReference: number;
  readonly nBatch: number;
}

export type FeatureCounts =
  | {
      readonly kind: 'numeric';
      readonly name: string;
      readonly bins: NumericBins;
      readonly reference: BinCounts;
      readonly batch: BinCounts;
      /** Null when the batch has no non-missing value (there is nothing to test). */
      readonly ks: KsInput | null;
    }
  | {
      readonly kind: 'categorical';
      readonly name: string;
      readonly reference: CategoryCounts;
      readonly batch: CategoryCounts;
    };

export interface DriftOptions {
  readonly thresholds?: Partial<DriftThresholds>;
  /** Level of the tests after the Benjamini–Hochberg correction (default 0.05). */
  readonly alpha?: number;
  readonly floor?: number;
  readonly maxCategories?: number;
  readonly minExpected?: number;
}

export type FeatureTest =
  | {
      readonly method: 'ks';
      readonly statistic: number;
      readonly pValue: number;
      readonly adjustedPValue: number;
      readonly significant: boolean;
      readonly pValueMethod: KsMethod;
      readonly nReference: number;
      readonly nBatch: number;
    }
  | {
      readonly method: 'chi-square';
      readonly statistic: number;
      readonly df: number;
      readonly pValue: number;
      readonly adjustedPValue: number;
      readonly significant: boolean;
      readonly table: ContingencyTable;
    }
  | { readonly method: 'ks' | 'chi-square'; readonly pValue: null; readonly reason: string };

export interface FeatureDrift {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly psi: PsiResult;
  readonly level: DriftLevel;
  readonly test: FeatureTest;
  readonly missingShare: { readonly reference: number; readonly batch: number };
  /** Categories in the batch that the reference never had (categorical features). */
  readonly newCategories: readonly NewCategory[];
  /** Numeric features: the bins used (edges, and why fewer than asked). */
  readonly bins: NumericBins | null;
  /** The methods and their assumptions, in one sentence for people. */
  readonly method: string;
}

export interface BatchDrift {
  /** Worst first: by level, then PSI, then adjusted p-value, then name. */
  readonly features: readonly FeatureDrift[];
  readonly level: DriftLevel;
  readonly alpha: number;
  readonly thresholds: DriftThresholds;
  /** Features whose test is significant after the correction. */
  readonly significant: readonly string[];
  readonly tests: number;
  readonly multipleTestingNote: string;
}

type Untested = Omit<FeatureDrift, 'test'> & { readonly raw: RawTest };
type RawTest =
  | {
      readonly method: 'ks';
      readonly statistic: number;
      readonly pValue: number;
      readonly pValueMethod: KsMethod;
      readonly nReference: number;
      readonly nBatch: number;
    }
  | {
      readonly method: 'chi-square';
      readonly statistic: number;
      readonly df: number;
      readonly pValue: number;
      readonly table: ContingencyTable;
    }
  | { readonly method: 'ks' | 'chi-square'; readonly pValue: null; readonly reason: string };

const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
const binTotal = (c: BinCounts): number => c.counts.reduce((s, v) => s + v, 0) + c.missing;

function numericDrift(
  f: Extract<FeatureCounts, { kind: 'numeric' }>,
  options: DriftOptions,
  thresholds: DriftThresholds,
): Untested {
  const labels = numericBinLabels(f.bins);
  const psi = psiFromCounts(
    [...f.reference.counts, f.reference.missing],
    [...f.batch.counts, f.batch.missing],
    labels,
    options.floor,
  );
  const raw: RawTest =
    f.ks === null
      ? { method: 'ks', pValue: null, reason: 'The batch has no non-missing values.' }
      : (() => {
          const ks = ksFromStatistic(f.ks.statistic, f.ks.nReference, f.ks.nBatch);
          return {
            method: 'ks',
            statistic: ks.statistic,
            pValue: ks.pValue,
            pValueMethod: ks.method,
            nReference: ks.nReference,
            nBatch: ks.nBatch,
          };
        })();
  return {
    name: f.name,
    kind: 'numeric',
    psi,
    level: driftLevel(psi.value, thresholds),
    raw,
    missingShare: {
      reference: share(f.reference.missing, binTotal(f.reference)),
      batch: share(f.batch.missing, binTotal(f.batch)),
    },
    newCategories: [],
    bins: f.bins,
    method:
      `PSI over ${f.bins.edges.length + 1} reference-quantile bins and one for missing values (shares floored at ${options.floor ?? PSI_FLOOR})` +
      `${f.bins.note === null ? '' : ` — ${f.bins.note}`}; two-sample KS on non-missing values (exact up to ${KS_EXACT_MAX_N.toLocaleString('en-US')} rows, ` +
      'asymptotic beyond), which assumes continuous values and is conservative with ties.',
  };
}

function categoricalDrift(
  f: Extract<FeatureCounts, { kind: 'categorical' }>,
  options: DriftOptions,
  thresholds: DriftThresholds,
): Untested {
  const psi = categoricalPsi(f.reference, f.batch, options);
  const test = chiSquareTest(f.reference, f.batch, options);
  const raw: RawTest = test.testable
    ? { method: 'chi-square', statistic: test.statistic, df: test.df, pValue: test.pValue, table: test.table }
    : { method: 'chi-square', pValue: null, reason: test.reason };
  const k = test.table.labels.length;
  return {
    name: f.name,
    kind: 'categorical',
    psi,
    level: driftLevel(psi.value, thresholds),
    raw,
    missingShare: {
      reference: share(f.reference.missing, totalRows(f.reference)),
      batch: share(f.batch.missing, totalRows(f.batch)),
    },
    newCategories: newCategories(f.reference, f.batch),
    bins: null,
    method:
      `PSI over the reference's categories plus "new" and "missing" (shares floored at ${options.floor ?? PSI_FLOOR}); ` +
      `chi-square test of homogeneity on ${k} categor${k === 1 ? 'y' : 'ies'}, which assumes independent rows and expected counts ` +
      `of ${options.minExpected ?? MIN_EXPECTED} or more (sparser categories pooled${test.table.pooled.length > 0 ? `: ${test.table.pooled.length}` : ''}).`,
  };
}

function withTest(f: Untested, adjusted: number, significant: boolean): FeatureDrift {
  const { raw, ...rest } = f;
  if (raw.pValue === null) return { ...rest, test: raw };
  return { ...rest, test: { ...raw, adjustedPValue: adjusted, significant } };
}

function adjustedOf(f: FeatureDrift): number {
  return f.test.pValue === null ? Infinity : f.test.adjustedPValue;
}

/** Worst first: level, then PSI, then adjusted p-value, then name. */
export function worstFirst(a: FeatureDrift, b: FeatureDrift): number {
  return (
    levelRank(b.level) - levelRank(a.level) ||
    b.psi.value - a.psi.value ||
    adjustedOf(a) - adjustedOf(b) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

function multipleTestingNote(tests: number, alpha: number, significant: number): string {
  if (tests === 0) return 'No feature could be tested.';
  const chance = (tests * alpha).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return (
    `${tests} feature${tests === 1 ? ' was' : 's were'} tested on the same batch; at α = ${alpha} about ${chance} would look ` +
    `significant by chance alone. P-values are adjusted with Benjamini–Hochberg (false discovery rate ${alpha * 100} %): ` +
    `${significant} feature${significant === 1 ? '' : 's'} remain${significant === 1 ? 's' : ''} significant.`
  );
}

export function batchDrift(features: readonly FeatureCounts[], options: DriftOptions = {}): BatchDrift {
  const thresholds = resolveThresholds(options.thresholds);
  const alpha = options.alpha ?? 0.05;
  const names = new Set<string>();
  for (const f of features) {
    if (names.has(f.name)) throw new MlError('bad-option', `Feature "${f.name}" is listed twice.`);
    names.add(f.name);
  }
  const untested = features.map((f) =>
    f.kind === 'numeric' ? numericDrift(f, options, thresholds) : categoricalDrift(f, options, thresholds),
  );
  const testedIndex = untested.flatMap((f, i) => (f.raw.pValue === null ? [] : [i]));
  const pValues = testedIndex.map((i) => untested[i]?.raw.pValue ?? 1);
  const bh = benjaminiHochberg(pValues, alpha);
  const adjusted = new Map(
    testedIndex.map((fi, k) => [fi, { p: bh.adjusted[k] ?? 1, rejected: bh.rejected[k] ?? false }]),
  );
  const result = untested
    .map((f, i) => withTest(f, adjusted.get(i)?.p ?? 1, adjusted.get(i)?.rejected ?? false))
    .sort(worstFirst);
  const significant = result.flatMap((f) => (f.test.pValue !== null && f.test.significant ? [f.name] : []));
  const level = result.reduce<DriftLevel>(
    (worst, f) => (levelRank(f.level) > levelRank(worst) ? f.level : worst),
    'stable',
  );
  return {
    features: result,
    level,
    alpha,
    thresholds,
    significant,
    tests: testedIndex.length,
    multipleTestingNote: multipleTestingNote(testedIndex.length, alpha, significant.length),
  };
}
