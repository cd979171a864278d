import { describe, expect, it } from 'vitest';
import { compileFeatures } from './compile';
import { fitFeatures } from './fit';
import { readMatrix } from './matrix';
import { nativeTextRows, rejectionMessage, textRows, wasmEngine } from './test-helpers';
import type { FeatureSpec } from './types';

// scikit-learn 1.2.1: /usr/bin/python3 src/data/features/reference/mode_reference.py
// SimpleImputer(most_frequent) → OneHotEncoder(handle_unknown='ignore'), fitted on the train rows.
const SKLEARN = {
  fill: 'b',
  categories: ['a', 'b', 'c'],
  train: [
    [0, 0, 1],
    [0, 1, 0],
    [0, 1, 0],
    [1, 0, 0],
    [0, 0, 1],
    [0, 1, 0],
    [0, 1, 0],
    [0, 1, 0],
    [0, 0, 1],
    [1, 0, 0],
  ],
  valid: [
    [1, 0, 0],
    [1, 0, 0],
    [1, 0, 0],
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 0],
    [0, 1, 0],
  ],
};

const TRAIN = ['c', 'b', null, 'a', 'c', 'b', null, 'b', 'c', 'a'];
const VALID = ['a', 'a', 'a', 'a', null, 'd', 'b'];
const literal = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
const SETUP = `CREATE TABLE t AS SELECT * FROM (VALUES ${[...TRAIN, ...VALID]
  .map((v, i) => `(${i + 1}, ${literal(v)}, ${i % 3}, '${i < TRAIN.length ? 'train' : 'valid'}')`)
  .join(', ')}) AS v(id, cat, y, part)`;

const spec = (other: boolean): FeatureSpec => ({
  target: 'y',
  task: 'regression',
  features: [{ encoding: 'one-hot', column: 'cat', topK: 10, other, missing: 'mode' }],
});

describe('one-hot with NULL → the training mode, against scikit-learn', () => {
  it('learns the mode of the train rows only (ties: the smallest) and encodes as SimpleImputer → OneHotEncoder', async () => {
    const engine = await wasmEngine(SETUP);
    const fitted = await fitFeatures(engine, 't', spec(false), { trainWhere: "part = 'train'" });
    expect(fitted.features[0]?.fitted).toEqual({ categories: SKLEARN.categories, fill: SKLEARN.fill });
    const { sql, columns } = compileFeatures(fitted, 't', { rowId: 'id' });
    expect(columns).toEqual(['cat=a', 'cat=b', 'cat=c']);
    expect(sql).toContain('NULL → the train mode b');
    const m = await readMatrix(engine, sql, columns);
    const rows = Array.from({ length: m.rows }, (_, r) => Array.from(m.x.slice(r * 3, r * 3 + 3)));
    expect(rows).toEqual([...SKLEARN.train, ...SKLEARN.valid]);
    // The exported SQL gives the same rows in native DuckDB.
    const ordered = `SELECT * FROM (${sql}\n) ORDER BY __row_id`;
    expect(await nativeTextRows(SETUP, ordered)).toEqual(await textRows(engine, ordered));
  });

  it('an imputed NULL is never "(other)"; an unseen value is', async () => {
    const engine = await wasmEngine(SETUP);
    const fitted = await fitFeatures(engine, 't', spec(true), { trainWhere: "part = 'train'" });
    const { sql, columns } = compileFeatures(fitted, 't', { rowId: 'id' });
    const m = await readMatrix(engine, sql, columns);
    const other = Array.from({ length: m.rows }, (_, r) => m.x[r * 4 + 3]);
    // Only the validation row 'd' (row 16) is other.
    expect(other.map((v, i) => (v === 1 ? i + 1 : 0)).filter((i) => i > 0)).toEqual([16]);
  });

  it('refuses a column with no value on the training rows, and a mode that was not fitted', async () => {
    const engine = await wasmEngine(`${SETUP}; UPDATE t SET cat = NULL WHERE part = 'train'`);
    expect(
      await rejectionMessage(fitFeatures(engine, 't', spec(false), { trainWhere: "part = 'train'" })),
    ).toMatch(/^"cat" is NULL on every training row, so there is no most frequent value to learn/);
    const unfitted: FeatureSpec = {
      ...spec(false),
      features: [
        {
          encoding: 'one-hot',
          column: 'cat',
          topK: 3,
          other: false,
          missing: 'mode',
          fitted: { categories: ['a'] },
        },
      ],
    };
    expect(() => compileFeatures(unfitted, 't')).toThrow('has not been fitted');
  });
});
