import { describe, expect, it } from 'vitest';
import { assistFeatures, type AssistOptions, type FeatureAssist } from './assist';
import { wasmEngine } from './test-helpers';

/* The post-outcome check by the time column: which dates come after the moment of prediction. */

// 100 customers, one snapshot day each; the dates around it are chosen so that the shares are exact.
const DATES = `CREATE TABLE d AS SELECT
  i AS id,
  i % 2 = 0 AS churned,
  DATE '2024-01-01' + i AS snapshot_date,
  CASE WHEN i < 37 THEN CAST(DATE '2024-01-01' + i + 3 AS TIMESTAMP) + INTERVAL 5 HOUR
    ELSE CAST(DATE '2024-01-01' + i - 3 AS TIMESTAMP) END AS cancelled_at,
  DATE '2024-01-01' + i - 400 AS signup_date,
  CAST(DATE '2024-01-01' + i AS TIMESTAMP) + INTERVAL 10 HOUR AS seen_that_day,
  CASE WHEN i % 2 = 0 THEN DATE '2024-01-01' + i + 30 END AS exit_on,
  CASE WHEN i % 2 = 0 THEN DATE '2024-01-01' + i - 5 END AS complaint_on,
  CASE WHEN i % 3 = 0 THEN 'pro' ELSE 'basic' END AS plan
  FROM (SELECT CAST(range AS INTEGER) AS i FROM range(100)) AS r`;

// 40 rows whose time column is text: NULL on i % 10 = 0, one value that is not a date (i = 5).
const TEXT_DATES = `CREATE TABLE t AS SELECT
  i AS id,
  i % 2 = 0 AS churned,
  CASE WHEN i % 10 = 0 THEN NULL WHEN i = 5 THEN 'unknown' ELSE strftime(DATE '2024-03-01' + i, '%Y-%m-%d') END AS asof,
  CASE WHEN i % 4 = 1 THEN NULL
    ELSE strftime(DATE '2024-03-01' + i + CASE WHEN i < 20 THEN 2 ELSE -2 END, '%Y-%m-%d') END AS moved_out,
  strftime(DATE '2024-03-01' + i + CASE WHEN i = 39 THEN 3 ELSE -3 END, '%Y-%m-%d %H:%M:%S') AS last_visit,
  'call back on ' || strftime(DATE '2024-03-01' + i + 9, '%Y-%m-%d') AS note
  FROM (SELECT CAST(range AS INTEGER) AS i FROM range(40)) AS r`;

const byTime = (assist: FeatureAssist) =>
  assist.warnings.filter((w) => w.kind === 'post-outcome-time').map((w) => [w.column, w.message]);

const options = (timeColumn?: string, trainWhere = 'true'): AssistOptions => ({
  target: 'churned',
  task: 'binary',
  trainWhere,
  ...(timeColumn === undefined ? {} : { timeColumn }),
});

describe('post-outcome by the time column', () => {
  it('flags a date later than the time column with its share, on the training rows only', async () => {
    const engine = await wasmEngine(DATES);
    const all = await assistFeatures(engine, 'd', options('snapshot_date'));
    // signup_date is before the snapshot; seen_that_day is on the snapshot day; complaint_on is before.
    expect(byTime(all)).toEqual([
      [
        'cancelled_at',
        '"cancelled_at" is later than "snapshot_date" on 37% of the training rows where both are dates (37 of 100): it was recorded after the outcome, so the model would not have it when it predicts. Leave it out, unless it is a date fixed in advance (a due date).',
      ],
      ['exit_on', expect.stringMatching(/"exit_on" is later than "snapshot_date" on 100% .* \(50 of 50\)/)],
    ]);
    const cancelled = all.warnings.filter((w) => w.column === 'cancelled_at').map((w) => w.kind);
    expect(cancelled).toEqual(['post-outcome-time', 'post-outcome-name']);
    expect(all.columns.map((c) => c.column)).not.toContain('snapshot_date');
    const train = await assistFeatures(engine, 'd', options('snapshot_date', 'id < 50'));
    expect(byTime(train)[0]?.[1]).toMatch(/on 74% of the training rows where both are dates \(37 of 50\)/);
  });

  it('no time column, or one that is not dates: no such warning', async () => {
    const engine = await wasmEngine(DATES);
    expect(byTime(await assistFeatures(engine, 'd', options()))).toEqual([]);
    expect(byTime(await assistFeatures(engine, 'd', options('plan')))).toEqual([]);
    expect(byTime(await assistFeatures(engine, 'd', options('id')))).toEqual([]);
    expect(byTime(await assistFeatures(engine, 'd', options('no_such_column')))).toEqual([]);
  });

  it('text dates against a time column of text dates, NULLs on either side left out', async () => {
    const engine = await wasmEngine(TEXT_DATES);
    const assist = await assistFeatures(engine, 't', options('asof'));
    // Paired: 40 rows less 4 NULL and 1 unknown times, less 10 NULL moves (i % 4 = 1, i = 5 among them)
    // = 26; later: i < 20 less i = 0, 10 (no time) and 1, 5, 9, 13, 17 (no move) = 13.
    // last_visit is later on 1 of 35 rows (i = 39), under 5%; note is not a date.
    expect(byTime(assist)).toEqual([
      ['moved_out', expect.stringMatching(/"moved_out" is later than "asof" on 50% .* \(13 of 26\)/)],
    ]);
  });

  it('a date filled in only for one class is flagged by its NULLs, whatever its dates', async () => {
    const engine = await wasmEngine(DATES);
    const assist = await assistFeatures(engine, 'd', options());
    const alone = assist.warnings.filter((w) => w.kind === 'predicts-alone');
    expect(alone.map((w) => w.column)).toEqual(['exit_on', 'complaint_on']);
    expect(alone[1]?.message).toMatch(
      /^Whether "complaint_on" is NULL almost alone predicts the target "churned" \(AUC 1\.000\)/,
    );
    // The dates themselves are measured on the churners only: one class, no AUC.
    expect(assist.columns.find((c) => c.column === 'complaint_on')).toMatchObject({
      value: null,
      strength: null,
    });
  });
});
