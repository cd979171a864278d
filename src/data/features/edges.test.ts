import { describe, expect, it } from 'vitest';
import { assistFeatures } from './assist';
import { compileFeatures } from './compile';
import { fitFeatures } from './fit';
import { readMatrix } from './matrix';
import { matchPositive } from './target';
import { nativeTextRows, rejectionMessage, textRows, wasmEngine } from './test-helpers';
import type { FeatureEncoding, FeatureSpec } from './types';

const WEIRD = `CREATE TABLE "odd table" AS SELECT * FROM (VALUES
  (1.5, 'x''y', 'Ja', 'é', DATE '2024-01-02', 'train'),
  (2.5, 'x''y', 'Nein', '"q"', DATE '2024-02-03', 'train'),
  (NULL, 'plain', 'Ja', 'é', NULL, 'train'),
  (4.0, 'new', 'Nein', 'ö', DATE '2024-04-05', 'valid')
) AS v("my col", "it's", "select", "größe 🚀", "from", "sp lit")`;

const WEIRD_FEATURES: FeatureEncoding[] = [
  { encoding: 'numeric', column: 'my col', impute: 'median', indicator: true, standardise: true, log: true },
  { encoding: 'one-hot', column: "it's", topK: 5, other: true, missing: 'category' },
  { encoding: 'one-hot', column: 'größe 🚀', topK: 5, other: false, missing: 'ignore' },
  { encoding: 'bucket', column: 'my col', bins: 2, method: 'uniform' },
  { encoding: 'date-parts', column: 'from', parts: ['month'] },
];

describe('names, NULLs and portability', () => {
  it('quotes weird names and values, and native DuckDB gives the same rows', async () => {
    const engine = await wasmEngine(WEIRD);
    const raw: FeatureSpec = { target: 'select', task: 'binary', positive: 'Ja', features: WEIRD_FEATURES };
    const spec = await fitFeatures(engine, 'odd table', raw, { trainWhere: `"sp lit" = 'train'` });
    const { sql, columns } = compileFeatures(spec, 'odd table');
    expect(columns).toEqual([
      'my col',
      'my col__missing',
      "it's=plain",
      "it's=x'y",
      "it's=(other)",
      "it's=(missing)",
      'größe 🚀="q"',
      'größe 🚀=é',
      'my col_bin',
      'from_month',
    ]);
    const wasm = await textRows(engine, sql);
    expect(wasm.map((r) => r["it's=(other)"])).toEqual(['0.0', '0.0', '0.0', '1.0']);
    expect(wasm.map((r) => r['from_month'])).toEqual(['1.0', '2.0', null, '4.0']);
    expect(await nativeTextRows(WEIRD, sql)).toEqual(wasm);
  });

  it('a name used twice gets a suffix; a comment cannot swallow the SQL after it', async () => {
    const engine = await wasmEngine(WEIRD);
    const raw: FeatureSpec = {
      target: 'select',
      task: 'binary',
      positive: 'Ja\n) OR 1=1 --',
      features: [
        { encoding: 'numeric', column: 'my col', impute: 'zero' },
        { encoding: 'numeric', column: 'my col', impute: 'zero' },
      ],
    };
    // A positive class that is no value of the target is refused, naming the values there are.
    await expect(fitFeatures(engine, 'odd table', raw, { trainWhere: 'true' })).rejects.toThrow(
      /has no training row equal to the positive class "Ja\n\) OR 1=1 --": its values are/,
    );
    // Compiled anyway, the text stays a literal: no row matches it.
    const fitted = await fitFeatures(engine, 'odd table', { ...raw, positive: 'Ja' }, { trainWhere: 'true' });
    const spec = { ...fitted, positive: raw.positive };
    const { sql, columns } = compileFeatures(spec, 'odd table');
    expect(columns).toEqual(['my col', 'my col (2)']);
    const rows = await textRows(engine, sql);
    expect(rows.map((r) => r['__target'])).toEqual(['0.0', '0.0', '0.0', '0.0']);
  });

  it('an all-NULL column: a clear error for mean, zeros for impute zero, missing rate 1 in the assist', async () => {
    const engine = await wasmEngine(
      'CREATE TABLE n AS SELECT i AS id, CAST(NULL AS DOUBLE) AS empty, i % 2 AS y FROM range(10) AS r(i)',
    );
    const mean: FeatureSpec = {
      target: 'y',
      task: 'binary',
      features: [{ encoding: 'numeric', column: 'empty', impute: 'mean' }],
    };
    expect(await rejectionMessage(fitFeatures(engine, 'n', mean, { trainWhere: 'true' }))).toMatch(
      /"empty" is NULL on every training row/,
    );
    const zero: FeatureSpec = {
      ...mean,
      features: [{ encoding: 'numeric', column: 'empty', impute: 'zero', standardise: true }],
    };
    const fitted = await fitFeatures(engine, 'n', zero, { trainWhere: 'true' });
    expect(fitted.features[0]?.fitted).toEqual({ fill: 0, mean: 0, std: 0 });
    const { sql, columns } = compileFeatures(fitted, 'n', { rowId: 'id' });
    const m = await readMatrix(engine, sql, columns);
    expect(Array.from(m.x)).toEqual(new Array(10).fill(0));
    expect(m.rowIds).toBeInstanceOf(Int32Array);
    const assist = await assistFeatures(engine, 'n', { target: 'y', task: 'binary', columns: ['empty'] });
    expect(assist.columns[0]).toMatchObject({ missingRate: 1, value: null, strength: null });
    expect(assist.warnings.map((w) => w.kind)).toEqual(['all-missing']);
  });

  it('a NULL left in a feature is named by readMatrix', async () => {
    const engine = await wasmEngine(WEIRD);
    const raw: FeatureSpec = {
      target: 'select',
      task: 'binary',
      positive: 'Ja',
      features: [{ encoding: 'numeric', column: 'my col' }],
    };
    const spec = await fitFeatures(engine, 'odd table', raw, { trainWhere: 'true' });
    const { sql, columns } = compileFeatures(spec, 'odd table');
    expect(await rejectionMessage(readMatrix(engine, sql, columns))).toMatch(/"my col" has 1 missing values/);
  });

  it('infinity: refused by the fit, named by readMatrix', async () => {
    const engine = await wasmEngine(
      "CREATE TABLE inf AS SELECT * FROM (VALUES (1.0, 1), (2.0, 0), (CAST('inf' AS DOUBLE), 0)) AS v(big, y)",
    );
    const raw: FeatureSpec = {
      target: 'y',
      task: 'binary',
      features: [{ encoding: 'numeric', column: 'big' }],
    };
    expect(await rejectionMessage(fitFeatures(engine, 'inf', raw, { trainWhere: 'true' }))).toMatch(
      /"big" has 1 infinite or NaN values on the training rows/,
    );
    // Fitted without it, the infinity of a later row is named when the matrix is read.
    const fitted = await fitFeatures(engine, 'inf', raw, { trainWhere: 'big < 10' });
    const { sql, columns } = compileFeatures(fitted, 'inf');
    expect(await rejectionMessage(readMatrix(engine, sql, columns))).toMatch(/"big" is Infinity on row 3/);
  });
});

describe('the target', () => {
  const TARGETS = `CREATE TABLE t AS SELECT * FROM (VALUES
    (1, 'Yes', NULL, 'a', 1.0), (2, 'Yes', NULL, 'b', 2.0), (3, NULL, NULL, 'c', 3.0), (4, 'No', NULL, 'd', 4.0)
  ) AS v(x, one_class, all_null, label, amount)`;
  const spec = (target: string, task: FeatureSpec['task'] = 'binary', positive?: string): FeatureSpec => ({
    target,
    task,
    ...(positive === undefined ? {} : { positive }),
    features: [{ encoding: 'numeric', column: 'x' }],
  });
  const fitError = async (s: FeatureSpec, trainWhere = 'true') =>
    rejectionMessage(fitFeatures(await wasmEngine(TARGETS), 't', s, { trainWhere }));

  it('one class on the train rows, no values, no positive class: clear errors', async () => {
    expect(await fitError(spec('one_class', 'binary', 'Yes'), 'x < 3')).toMatch(
      /"one_class" has one class on the training rows \(every training row is Yes\)/,
    );
    expect(await fitError(spec('all_null'))).toMatch(/"all_null" is NULL on every training row/);
    expect(await fitError(spec('label'))).toMatch(/choose which one is the positive class/);
    expect(await fitError(spec('label', 'regression'))).toMatch(/must be numeric/);
    expect(() => compileFeatures(spec('label'), 't')).toThrow(/has no positive class/);
  });

  it('a typed positive class matches the values there are: another case, or Yes for a BOOLEAN true', async () => {
    const engine = await wasmEngine(
      "CREATE TABLE b AS SELECT i AS x, i % 4 = 0 AS churn, CASE WHEN i % 3 = 0 THEN 'yes' ELSE 'no' END AS lower_words FROM range(12) AS r(i)",
    );
    const fitted = await fitFeatures(engine, 'b', spec('churn', 'binary', 'Yes'), { trainWhere: 'true' });
    expect(fitted.positive).toBe('true');
    const m = await readMatrix(engine, compileFeatures(fitted, 'b', { rowId: 'x' }).sql, ['x']);
    expect(Array.from(m.y)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    expect(
      (await fitFeatures(engine, 'b', spec('lower_words', 'binary', 'Yes'), { trainWhere: 'true' })).positive,
    ).toBe('yes');
    expect(
      await rejectionMessage(
        fitFeatures(engine, 'b', spec('churn', 'binary', 'Maybe'), { trainWhere: 'true' }),
      ),
    ).toBe(
      'The target "churn" has no training row equal to the positive class "Maybe": its values are false, true. Type one of them as the positive class.',
    );
  });

  it('matchPositive: exact, case, truth value, or nothing', () => {
    expect(matchPositive('Yes', ['No', 'Yes'])).toBe('Yes');
    expect(matchPositive('yes', ['NO', 'YES'])).toBe('YES');
    expect(matchPositive('Yes', ['false', 'true'])).toBe('true');
    expect(matchPositive('1', ['false', 'true'])).toBe('true');
    expect(matchPositive('No', ['false', 'true'])).toBe('false');
    expect(matchPositive('Yes', ['a', 'b'])).toBeNull();
  });

  it('rows with a NULL target are dropped; an unfitted spec does not compile', async () => {
    const engine = await wasmEngine(TARGETS);
    const fitted = await fitFeatures(engine, 't', spec('one_class', 'binary', 'Yes'), { trainWhere: 'true' });
    const m = await readMatrix(engine, compileFeatures(fitted, 't', { rowId: 'x' }).sql, ['x']);
    expect(Array.from(m.rowIds)).toEqual([1, 2, 4]);
    expect(Array.from(m.y)).toEqual([1, 1, 0]);
    expect(() => compileFeatures(spec('one_class', 'binary', 'Yes'), 't')).toThrow(/has not been fitted/);
  });
});

describe('leakage warnings', () => {
  it('a copy of the target, an ID column, a date set only for churners and a post-outcome name are flagged', async () => {
    const engine = await wasmEngine(`CREATE TABLE l AS SELECT
      'C-' || i AS customer_id, i % 3 = 0 AS churned, CASE WHEN i % 3 = 0 THEN 'gone' ELSE 'here' END AS status_copy,
      (i * 7) % 10 AS noise, CASE WHEN i % 3 = 0 THEN DATE '2024-01-01' END AS cancel_date
      FROM range(60) AS r(i)`);
    const assist = await assistFeatures(engine, 'l', { target: 'churned', task: 'binary' });
    expect(assist.positive).toBe('true');
    const kinds = assist.warnings.map((w) => `${w.column}: ${w.kind} (${w.severity})`);
    expect(kinds).toEqual([
      'customer_id: id-like (medium)',
      'status_copy: predicts-alone (high)',
      'cancel_date: predicts-alone (high)',
      'cancel_date: post-outcome-name (low)',
    ]);
    expect(assist.warnings[1]?.message).toMatch(/almost alone predicts the target "churned" \(AUC 1\.000\)/);
    // Its dates alone are all churners' (no AUC): its NULLs give it away.
    expect(assist.warnings[2]?.message).toMatch(/^Whether "cancel_date" is NULL almost alone predicts/);
    expect(assist.columns.find((c) => c.column === 'noise')?.strength).toBeLessThan(0.95);
  });
});
