import type { MulticlassSummary } from '../../data/brief-multiclass';

const n = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * The brief's line on a multiclass target: its classes with their rows, the rows with no class
 * (NULL, left out, which a clean cell can fix) when there are any, and the majority-class baseline.
 */
export function multiclassSummaryText(summary: MulticlassSummary): string {
  const classes = summary.classes.map((c) => `${JSON.stringify(c.value)}: ${n(c.count)}`).join(', ');
  const missing =
    summary.missing > 0
      ? ` ${n(summary.missing)} rows have no class (NULL): they are left out of training and evaluation; give them a class in a clean cell if they have one.`
      : '';
  const { baseline } = summary;
  return (
    `Multiclass: ${summary.classes.length} classes in ${n(summary.rows)} rows; ${classes}.${missing}` +
    ` Baseline (${baseline.label}): accuracy ${(baseline.accuracy * 100).toFixed(1)}%, cost ${n(baseline.costPer1000)} per 1,000 cases.`
  );
}
