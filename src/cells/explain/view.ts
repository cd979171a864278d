import type {
  Grid,
  ImportanceEntry,
  PartialDependence,
  PartialDependence2d,
  PermutationImportance,
} from '../../ml/explain';
import type { LocalPart } from '../../notebook/explanations';
import type { Heatmap, ImportanceBar, PdpLines } from '../../ui/plot/explain';
import type { ExplainOutput } from './result';

/*
 * What the explain view and the report show, from an output: pure, so both draw the same and the
 * tests read it without a page.
 */

/** Rows of importance shown in the chart: the first 15; the table lists every one. */
export const CHART_FEATURES = 15;

/**
 * The importance shown: the run's metric, or for a multiclass run one class's one-vs-rest ROC AUC
 * (`className`; null: the run's metric). Null when that class has none (its reason says why).
 */
export function importanceOf(
  output: ExplainOutput,
  className: string | null = null,
): PermutationImportance | null {
  if (className === null) return output.importance;
  return output.classImportance?.find((c) => c.className === className)?.importance ?? null;
}

export function importanceEntries(
  output: ExplainOutput,
  grouped: boolean,
  className: string | null = null,
): readonly ImportanceEntry[] {
  const imp = importanceOf(output, className);
  if (imp === null) return [];
  return grouped ? (imp.groups ?? imp.features) : imp.features;
}

/** Why a class has no importance ('' when it has one). */
export function classImportanceReason(output: ExplainOutput, className: string | null): string {
  if (className === null) return '';
  return output.classImportance?.find((c) => c.className === className)?.reason ?? '';
}

/** The partial dependences shown: the run's, or for a multiclass run those of `className`. */
export function pdpsOf(output: ExplainOutput, className: string | null): readonly PartialDependence[] {
  if (className === null || output.classPdps === null) return output.pdps;
  return output.classPdps.find((c) => c.className === className)?.pdps ?? [];
}

/** What a PDP's values are: "probability of churn", or "probability of Adelie" for a class. */
export function pdpUnits(output: ExplainOutput, className: string | null): string {
  return className === null ? output.scoreUnits : `probability of ${className}`;
}

export function importanceBars(entries: readonly ImportanceEntry[]): ImportanceBar[] {
  return entries.slice(0, CHART_FEATURES).map(({ name, mean, low, high }) => ({ name, mean, low, high }));
}

/** "0.0421" with four significant digits; "–" for NaN. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '–';
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(digits);
}

export function gridLabels(grid: Grid): (number | string)[] {
  return grid.kind === 'numeric' ? [...grid.values] : grid.levels.map((l) => l.name);
}

/** The PDP's lines, centred on the first grid point when asked (the stored lines are not). */
export function pdpLines(pdp: PartialDependence, centred: boolean): PdpLines {
  const shift = (line: readonly number[], by: number) => line.map((v) => v - by);
  const ice = centred ? pdp.ice.map((line) => shift(line, line[0] ?? 0)) : pdp.ice;
  const average = centred
    ? ice[0] === undefined
      ? []
      : ice[0].map((_, j) => ice.reduce((s, line) => s + (line[j] ?? 0), 0) / ice.length)
    : pdp.average;
  return { feature: pdp.feature, grid: gridLabels(pdp.grid), average, ice, rug: pdp.rug };
}

export function heatmap(pdp: PartialDependence2d): Heatmap {
  return {
    features: pdp.features,
    grids: [gridLabels(pdp.grids[0]), gridLabels(pdp.grids[1])],
    values: pdp.values,
  };
}

/** How a row was explained, in words: samples, seed, kernel width, the fit. */
export function limeSettingsText(local: LocalPart): string {
  const e = local.explanation;
  return (
    `LIME with ${e.samples.toLocaleString('en-US')} samples around the row, seed ${e.seed}, ` +
    `kernel ${e.kernel} of width ${fmt(e.kernelWidth)}, ridge α = ${fmt(e.alpha)}; ` +
    `local fit R² ${fmt(e.r2, 2)}.`
  );
}

/** The stability check in words, with the verdict first. */
export function stabilityText(local: LocalPart): string {
  return local.stability.message;
}

/** "probability of Churn 0.83 (the local model says 0.79)". */
export function scoreText(output: ExplainOutput, local: LocalPart): string {
  const e = local.explanation;
  const units =
    local.className === undefined
      ? output.scoreUnits
      : `probability of ${local.className}, the row's predicted class`;
  return `Model score ${fmt(e.modelScore)} (${units}); the local model gives ${fmt(e.localPrediction)} = intercept ${fmt(e.intercept)} + the contributions below.`;
}

/** "Contract = Month-to-month", "tenure = 0.42". */
export function contributionLabel(c: { name: string; value: number | string | null }): string {
  if (c.value === null) return c.name;
  return `${c.name} = ${typeof c.value === 'number' ? fmt(c.value) : c.value}`;
}

/** The importance table's rows: name, mean drop, interval, each repeat's spread. */
export function importanceRows(entries: readonly ImportanceEntry[]): string[][] {
  return entries.map((e) => [e.name, fmt(e.mean), `${fmt(e.low)} to ${fmt(e.high)}`, fmt(e.sd)]);
}

export function contributionRows(local: LocalPart, top = 10): string[][] {
  return local.explanation.contributions
    .slice(0, top)
    .map((c) => [contributionLabel(c), fmt(c.contribution), fmt(c.perUnit)]);
}
