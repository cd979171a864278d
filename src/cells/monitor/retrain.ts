import { quoteIdent, quoteLiteral } from '../../data/sql';
import type { Problem } from '../../lib/errors';
import type { MonitorConfig } from '../../notebook/kinds/monitor';
import type { MonitoredBatch } from './result';

/** What of a batch the window reads. */
export type WindowBatch = Pick<MonitoredBatch, 'label' | 'labels'>;

/*
 * "Retrain on recent data", pure: the recent window (batches the user picks, by default every
 * batch but the last, which is kept apart to compare v2 with v1 on rows neither trained on) as a
 * SQL cell's query, and what keeps a window from training a model.
 */

/** The batches of the window by default: all but the last (the comparison batch). */
export function defaultWindow(batches: readonly WindowBatch[]): string[] {
  return batches.slice(0, Math.max(batches.length - 1, 1)).map((b) => b.label);
}

/** Why these batches cannot train a binary model: none chosen, no labels, or one class. */
export function retrainWindowProblem(
  batches: readonly WindowBatch[],
  window: readonly string[],
): Problem | null {
  const chosen = batches.filter((b) => window.includes(b.label));
  if (chosen.length === 0) return { code: 'missing-input', message: 'Choose the batches to retrain on.' };
  if (chosen.some((b) => b.labels === null))
    return { code: 'missing-input', message: 'Retraining needs labels: choose the label column first.' };
  const labelled = chosen.reduce((n, b) => n + (b.labels?.labelled ?? 0), 0);
  const positive = chosen.reduce((n, b) => n + (b.labels?.positive ?? 0), 0);
  if (labelled === 0)
    return {
      code: 'missing-input',
      message: `No row of ${window.join(', ')} has a label yet: wait for labels, or pick other batches.`,
    };
  if (positive === 0 || positive === labelled)
    return {
      code: 'bad-input',
      message: `Every labelled row of ${window.join(', ')} (${labelled.toLocaleString('en-US')}) is of one class (${positive === 0 ? 'none' : 'all'} positive): a model cannot learn from one class. Widen the window.`,
    };
  return null;
}

/** The window's rows, for a SQL cell that the retrained features read. */
export function retrainWindowSql(config: MonitorConfig, window: readonly string[]): string {
  const from = `SELECT * FROM ${quoteIdent(config.input)}`;
  if (config.batchColumn === '') return from;
  return `${from}\nWHERE CAST(${quoteIdent(config.batchColumn)} AS VARCHAR) IN (${window.map(quoteLiteral).join(', ')})`;
}
