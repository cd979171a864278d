import type { ColumnInfo } from '../../data/catalog';
import type { ValuePoint } from '../../ml/value';
import { RUN_COLORS } from '../../ui/plot/colors';
import type { Series } from '../../ui/plot/evaluation';
import { metricHigherIsBetter } from '../../notebook/metrics';
import { PREDICTION_COLUMNS } from '../shared/predictions';
import { metricText } from './format';
import type { BinaryRun, EvalMetric, EvaluateResult, MulticlassRun, RunEvaluation } from './result';

/* What the evaluate view draws, computed from the cell's output: pure, tested without a browser. */

/**
 * Tables with the columns of a predictions table, by name: one score, or (multiclass) a
 * predicted class and score_<class> columns instead.
 */
export function predictionsTables(schema: ReadonlyMap<string, readonly ColumnInfo[]>): string[] {
  const has = (cols: readonly ColumnInfo[], c: string) => cols.some((col) => col.name.toLowerCase() === c);
  const multiclass = (cols: readonly ColumnInfo[]) =>
    has(cols, 'predicted') && cols.filter((col) => col.name.startsWith('score_')).length >= 3;
  return [...schema.entries()]
    .filter(([, cols]) =>
      PREDICTION_COLUMNS.every((c) => (c === 'score' && multiclass(cols)) || has(cols, c)),
    )
    .map(([name]) => name)
    .sort();
}

/** The runs the charts overlay: the palette holds seven, so past that the ones that matter. */
export function chartedRuns(
  result: EvaluateResult,
  shown: string | null,
  champion: string | null,
): RunEvaluation[] {
  const { runs } = result;
  if (runs.length <= RUN_COLORS.length) return [...runs];
  const first = new Set(
    [
      shown,
      result.verdict?.id ?? null,
      champion,
      ...runs.filter((r) => r.role === 'baseline' || r.role === 'rule').map((r) => r.id),
    ].filter((id): id is string => id !== null),
  );
  const higher = metricHigherIsBetter(result.metric);
  const value = (r: RunEvaluation) => r.metrics[result.metric]?.value ?? (higher ? -Infinity : Infinity);
  const rest = runs
    .filter((r) => !first.has(r.id))
    .sort((a, b) => (higher ? value(b) - value(a) : value(a) - value(b)));
  const keep = new Set([...first, ...rest.map((r) => r.id)].slice(0, RUN_COLORS.length));
  return runs.filter((r) => keep.has(r.id));
}

const isReference = (run: RunEvaluation): boolean => run.role === 'baseline' || run.role === 'rule';

type Line = { readonly x: ArrayLike<number>; readonly y: ArrayLike<number> } | null;

/**
 * One series per charted classification run that has this line, coloured by its place among all
 * the charted runs: a run keeps its colour in a chart that leaves another run out.
 */
function chart(
  runs: readonly RunEvaluation[],
  shown: string | null,
  line: (run: BinaryRun) => Line,
): Series[] {
  return runs.flatMap((run, i) => {
    const xy = run.kind === 'binary' ? line(run) : null;
    if (xy === null) return [];
    return [
      {
        label: run.label,
        ...xy,
        dashed: isReference(run),
        emphasis: run.id === shown,
        color: RUN_COLORS[i % RUN_COLORS.length] ?? '#999999',
      },
    ];
  });
}

export const rocSeries = (runs: readonly RunEvaluation[], shown: string | null): Series[] =>
  chart(runs, shown, (r) => (r.roc.fpr.length > 0 ? { x: r.roc.fpr, y: r.roc.tpr } : null));

export const prSeries = (runs: readonly RunEvaluation[], shown: string | null): Series[] =>
  chart(runs, shown, (r) => (r.pr.recall.length > 0 ? { x: r.pr.recall, y: r.pr.precision } : null));

export const calibrationSeries = (runs: readonly RunEvaluation[], shown: string | null): Series[] =>
  chart(runs, shown, (r) =>
    r.calibration === null
      ? null
      : { x: r.calibration.map((b) => b.meanPredicted), y: r.calibration.map((b) => b.fractionPositive) },
  );

/** Cumulative gains by decile, x the share of cases acted on. */
export const gainsSeries = (runs: readonly RunEvaluation[], shown: string | null, rows: number): Series[] =>
  chart(runs, shown, (r) => {
    if (r.deciles.some((d) => d.cumulativeGain === null)) return null;
    let acted = 0;
    return {
      x: r.deciles.map((d) => (acted += d.count) / rows),
      y: r.deciles.map((d) => d.cumulativeGain ?? 0),
    };
  });

export const liftSeries = (runs: readonly RunEvaluation[], shown: string | null): Series[] =>
  chart(runs, shown, (r) =>
    r.deciles.some((d) => d.lift === null)
      ? null
      : { x: r.deciles.map((d) => d.decile), y: r.deciles.map((d) => d.lift ?? 0) },
  );

/**
 * The value curve as a step function of the threshold over [0, 1]: ascending distinct scores, the
 * value at each (its rows and all above acted on), from 0 (act on all) to 1 (act on none past the top score).
 */
export function valueSteps(points: readonly ValuePoint[]): { x: number[]; y: number[] } {
  const scored = points
    .filter((p): p is ValuePoint & { threshold: number } => p.threshold !== null)
    .reverse();
  const none = points.find((p) => p.threshold === null);
  const first = scored[0];
  const last = scored[scored.length - 1];
  const x = scored.map((p) => p.threshold);
  const y = scored.map((p) => p.perThousand);
  if (first && first.threshold > 0) {
    x.unshift(0);
    y.unshift(first.perThousand);
  }
  if (none && last && last.threshold < 1) {
    x.push(1);
    y.push(none.perThousand);
  }
  return { x, y };
}

export const valueSeries = (runs: readonly RunEvaluation[], shown: string | null): Series[] =>
  chart(runs, shown, (r) => valueSteps(r.value.points));

/** The metric columns of the task, the brief's first. */
export function metricColumns(result: EvaluateResult): EvalMetric[] {
  const all =
    result.task === 'binary'
      ? (['roc_auc', 'pr_auc', 'log_loss', 'brier', 'accuracy', 'precision', 'recall', 'f1'] as const)
      : result.task === 'multiclass'
        ? ([
            'macro_f1',
            'weighted_f1',
            'macro_precision',
            'macro_recall',
            'accuracy',
            'log_loss',
            'roc_auc_ovr_macro',
            'roc_auc_ovr_weighted',
          ] as const)
        : (['rmse', 'mae', 'r2', 'mape'] as const);
  return [result.metric, ...all.filter((m) => m !== result.metric)];
}

/** A role as people say it. */
export function roleText(run: RunEvaluation): string {
  return run.role === 'trial' ? 'search trial' : run.role;
}

/**
 * One series per class of a multiclass run, one-vs-rest: its ROC or PR curve, labelled with the
 * class and its ROC AUC or average precision, or its reliability curve (P(class) against the share
 * of the class, per bin).
 */
export function classCurveSeries(
  run: Pick<MulticlassRun, 'curves'>,
  curve: 'roc' | 'pr' | 'calibration',
): Series[] {
  return run.curves.flatMap((c, i) => {
    const xy =
      curve === 'roc'
        ? { x: c.roc.fpr, y: c.roc.tpr }
        : curve === 'pr'
          ? { x: c.pr.recall, y: c.pr.precision }
          : { x: c.calibration.map((b) => b.meanPredicted), y: c.calibration.map((b) => b.fractionPositive) };
    if (xy.x.length === 0) return [];
    const value = curve === 'roc' ? c.rocAuc : c.averagePrecision;
    const name = curve === 'roc' ? 'AUC' : 'AP';
    return [
      {
        label: curve === 'calibration' ? c.class : `${c.class} (${name} ${metricText('roc_auc', value)})`,
        ...xy,
        color: RUN_COLORS[i % RUN_COLORS.length] ?? '#999999',
      },
    ];
  });
}
