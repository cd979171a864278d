import { METRIC_LABELS } from '../../notebook/metrics';
import type { DriftCell, MetricPoint } from '../../ui/plot/monitor';
import { formatNumber } from './format';
import type { MonitorOutput, MonitoredBatch } from './result';

/* What the monitor's view and report show, computed once from its output (pure). */

/**
 * Rows of the heat strip: what the version gives (a binary or regression version's scores, a
 * multiclass version's decided class mix), then the features worst first, at most `limit`.
 */
export const STRIP_FEATURES = 12;
export const SCORES_ROW = '(model scores)';
export const CLASS_MIX_ROW = '(decided class mix)';

/** Features ordered by their largest PSI over the batches, worst first. */
export function worstFeatures(batches: readonly MonitoredBatch[], limit = STRIP_FEATURES): string[] {
  const worst = new Map<string, number>();
  for (const b of batches)
    for (const f of b.drift.features)
      worst.set(f.name, Math.max(worst.get(f.name) ?? -Infinity, f.psi.value));
  return [...worst.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([name]) => name);
}

export function driftCells(output: MonitorOutput): {
  cells: DriftCell[];
  features: string[];
  batches: string[];
} {
  const features = worstFeatures(output.batches);
  const first = output.batches[0];
  const top = first !== undefined && 'kind' in first.prediction ? CLASS_MIX_ROW : SCORES_ROW;
  const cells: DriftCell[] = [];
  for (const b of output.batches) {
    cells.push({
      batch: b.label,
      feature: top,
      psi: b.prediction.psi.value,
      level: b.prediction.level,
    });
    for (const f of b.drift.features)
      if (features.includes(f.name))
        cells.push({ batch: b.label, feature: f.name, psi: f.psi.value, level: f.level });
  }
  return { cells, features: [top, ...features], batches: output.batches.map((b) => b.label) };
}

export function metricPoints(output: MonitorOutput): MetricPoint[] {
  return output.batches.flatMap((b) =>
    b.performance.state === 'measured' && b.performance.value !== null
      ? [
          {
            batch: b.label,
            value: b.performance.value,
            lower: b.performance.lower,
            upper: b.performance.upper,
          },
        ]
      : [],
  );
}

export function metricOf(output: MonitorOutput): { label: string; bar: number | null } | null {
  for (const b of output.batches)
    if (b.performance.state === 'measured')
      return { label: METRIC_LABELS[b.performance.metric], bar: b.performance.bar };
  return null;
}

const plural = (n: number, word: string) =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : /(s|ch)$/.test(word) ? 'es' : 's'}`;

export function doneText(output: MonitorOutput): string {
  const acts = output.alerts.filter((a) => a.level === 'act').length;
  const watch = output.alerts.length - acts;
  const alerts =
    output.alerts.length === 0 ? 'no alert' : `${plural(acts, 'alert')} to act on, ${watch} to watch`;
  const comparison = output.comparison;
  const compared =
    comparison === null || comparison.result.difference === null
      ? ''
      : `, v${comparison.challenger.version} − v${output.model.version} ${comparison.result.difference >= 0 ? '+' : ''}${formatNumber(comparison.result.difference)}`;
  return `v${output.model.version} on ${plural(output.batches.length, 'batch')}: ${alerts}${compared}`;
}

/** One line per batch for people: rows, drift, scores, performance. */
export function batchLine(b: MonitoredBatch): string {
  const moved = b.drift.features.filter((f) => f.level !== 'stable').map((f) => f.name);
  const perf =
    b.performance.state === 'waiting'
      ? b.performance.reason
      : `${b.performance.verdict}${
          b.performance.lower === null || b.performance.upper === null
            ? ''
            : ` (${Math.round(b.performance.level * 100)} % interval ${formatNumber(b.performance.lower)}–${formatNumber(b.performance.upper)}, ${b.performance.labelled.toLocaleString('en-US')} labelled rows)`
        }${b.performance.valuePer1000 === null ? '' : `; value per 1,000 rows ${formatNumber(b.performance.valuePer1000)}`}`;
  return (
    `${b.label}: ${plural(b.rows, 'row')}; ${moved.length === 0 ? 'no feature past the PSI thresholds' : `drift in ${moved.join(', ')}`}; ` +
    `${predictionText(b.prediction)}; ${perf}.`
  );
}

/**
 * The drift of what the version predicts, for people: "scores PSI 0.02, 31 % at or above 0.35
 * (reference 29 %)", or for a multiclass version the mix of the classes it decides, "decided class
 * mix PSI 0.31, χ² p 1.2e-4: Adelie 40 % (reference 44 %), …".
 */
export function predictionText(p: MonitoredBatch['prediction']): string {
  if (!('kind' in p))
    return (
      `scores PSI ${formatNumber(p.psi.value)}, ${formatNumber(p.batchShareAbove * 100)} % at or above ${p.threshold} ` +
      `(reference ${formatNumber(p.referenceShareAbove * 100)} %)`
    );
  const test = p.chiSquare.testable ? `, χ² p ${p.chiSquare.pValue.toExponential(2)}` : '';
  const shares = p.classes
    .map(
      (c, i) =>
        `${c} ${formatNumber((p.batchShares[i] ?? 0) * 100)} % (reference ${formatNumber((p.referenceShares[i] ?? 0) * 100)} %)`,
    )
    .join(', ');
  return `decided class mix PSI ${formatNumber(p.psi.value)}${test}: ${shares}`;
}

/** The feature table of one batch: name, method, PSI, level, test statistic, p, adjusted p. */
export function featureRows(b: MonitoredBatch): string[][] {
  return b.drift.features.map((f) => [
    f.name,
    f.test.method === 'ks'
      ? 'KS'
      : f.test.pValue === null
        ? 'χ²'
        : `χ² (${f.test.table.labels.length} categories)`,
    formatNumber(f.psi.value),
    f.level,
    f.test.pValue === null ? '—' : formatNumber(f.test.statistic),
    f.test.pValue === null ? f.test.reason : f.test.pValue.toExponential(2),
    f.test.pValue === null ? '—' : f.test.adjustedPValue.toExponential(2),
    f.newCategories.length === 0 ? '' : f.newCategories.map((c) => c.name).join(', '),
  ]);
}

export const FEATURE_HEAD = ['feature', 'test', 'PSI', 'level', 'statistic', 'p', 'p (BH)', 'new categories'];

/** The comparison for people, a sentence each. */
export function comparisonLines(output: MonitorOutput): string[] {
  const c = output.comparison;
  if (c === null) return [];
  const r = c.result;
  const v1 = `v${output.model.version}`;
  const v2 = `v${c.challenger.version}`;
  const metric = metricOf(output)?.label ?? 'metric';
  const lines = [
    `${v2} against ${v1} on batch ${c.batch}: ${r.rows.toLocaleString('en-US')} labelled rows that neither trained on (${c.excluded} found in a training table and left out).`,
  ];
  if (r.challenger !== null && r.incumbent !== null && r.difference !== null)
    lines.push(
      `${metric}: ${v2} ${formatNumber(r.challenger)}, ${v1} ${formatNumber(r.incumbent)}; difference ${formatNumber(r.difference)}` +
        (r.lower === null || r.upper === null
          ? '.'
          : ` (paired bootstrap ${Math.round(r.level * 100)} % interval ${formatNumber(r.lower)} to ${formatNumber(r.upper)}, ${r.iterations} resamples).`),
    );
  if (r.valuePer1000 !== null)
    lines.push(
      `Value per 1,000 rows${r.kind === 'multiclass' ? ' under the cost matrix, each deciding by its own rule' : ''}: ${v2} ${formatNumber(r.valuePer1000.challenger)}, ${v1} ${formatNumber(r.valuePer1000.incumbent)}.`,
    );
  lines.push(r.finding);
  lines.push(
    `They decide differently on ${plural(r.disagreements.length, 'row')}${c.table === null ? '' : `, written to table ${c.table.table}`}.`,
  );
  return lines;
}
