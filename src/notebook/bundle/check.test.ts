import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../feature-types';
import { checkInput, describeProblem, reportLines, type ColumnStats, type ObservedInput } from './check';
import type { InputSchema } from './types';

const SCHEMA: InputSchema = {
  table: 'customers',
  rows: 1000,
  columns: [
    { name: 'tenure', type: 'INTEGER', nulls: 0, number: { min: 0, max: 72 } },
    { name: 'plan', type: 'VARCHAR', nulls: 0, text: { categories: ['basic', 'pro'], distinct: 2 } },
    {
      name: 'signup',
      type: 'DATE',
      nulls: 0,
      time: { min: '2020-01-01 00:00:00', max: '2024-12-31 00:00:00' },
    },
    { name: 'charges', type: 'DOUBLE', nulls: 4, number: { min: 10, max: 120 } },
  ],
  example: { columns: [], rows: [] },
};

const SPEC: FeatureSpec = {
  target: 'churn',
  task: 'binary',
  positive: 'Yes',
  features: [
    { encoding: 'numeric', column: 'tenure', standardise: true, fitted: { fill: null, mean: 30, std: 20 } },
    {
      encoding: 'one-hot',
      column: 'plan',
      topK: 5,
      other: true,
      missing: 'category',
      fitted: { categories: ['basic', 'pro'] },
    },
    { encoding: 'date-parts', column: 'signup', parts: ['year'] },
    { encoding: 'numeric', column: 'charges', impute: 'mean', fitted: { fill: 50, mean: 50, std: 30 } },
  ],
};

const clean: ColumnStats[] = [
  { name: 'tenure', nulls: 0, number: { failed: 0, below: 0, above: 0, min: 0, max: 70 } },
  { name: 'plan', nulls: 0, text: { unseen: 0, values: [] } },
  {
    name: 'signup',
    nulls: 0,
    time: { failed: 0, before: 0, after: 0, min: '2021-01-01 00:00:00', max: '2024-01-01 00:00:00' },
  },
  { name: 'charges', nulls: 7, number: { failed: 0, below: 0, above: 0, min: 12, max: 99 } },
];

const columns = SCHEMA.columns.map((c) => ({ name: c.name, type: c.type }));

function observed(change: Partial<ObservedInput> = {}): ObservedInput {
  return { rows: 500, columns, stats: clean, ...change };
}

const withStats = (name: string, stats: Partial<ColumnStats>) =>
  clean.map((s) => (s.name === name ? { ...s, ...stats } : s));

describe('checkInput', () => {
  it('finds nothing in rows shaped as in training (NULLs of an imputed column are fine)', () => {
    const report = checkInput(SCHEMA, SPEC, observed(), { unseen: 'stop' });
    expect(report).toEqual({ rows: 500, problems: [], blocked: false });
    expect(reportLines(report)).toEqual(["Input check: 500 rows; the input matches the model's schema."]);
  });

  it('stops on a missing column and ignores an extra one', () => {
    const report = checkInput(
      SCHEMA,
      SPEC,
      observed({ columns: [...columns.filter((c) => c.name !== 'plan'), { name: 'note', type: 'VARCHAR' }] }),
      { unseen: 'stop' },
    );
    expect(report.blocked).toBe(true);
    expect(report.problems).toEqual([
      { kind: 'missing-column', column: 'plan', action: 'stop' },
      { kind: 'extra-column', column: 'note', action: 'ignore' },
    ]);
    expect(reportLines(report)).toEqual([
      'Input check: 500 rows; scoring stops (1 problem to fix).',
      '  STOP   "plan" is missing: the model reads it. Scoring stops; add the column (shaped as in training).',
      '  IGNORE "note" is not used by the model: ignored.',
    ]);
  });

  it('casts a changed type when every value converts, and stops when some do not', () => {
    const cast = checkInput(
      SCHEMA,
      SPEC,
      observed({ columns: columns.map((c) => (c.name === 'tenure' ? { ...c, type: 'BIGINT' } : c)) }),
      {
        unseen: 'stop',
      },
    );
    expect(cast.problems).toEqual([
      {
        kind: 'type-change',
        column: 'tenure',
        trained: 'INTEGER',
        found: 'BIGINT',
        failed: 0,
        action: 'cast',
      },
    ]);
    expect(cast.blocked).toBe(false);
    const text = columns.map((c) => (c.name === 'tenure' ? { ...c, type: 'VARCHAR' } : c));
    const stop = checkInput(
      SCHEMA,
      SPEC,
      observed({
        columns: text,
        stats: withStats('tenure', { number: { failed: 3, below: 0, above: 0, min: 1, max: 9 } }),
      }),
      { unseen: 'stop' },
    );
    expect(stop.blocked).toBe(true);
    expect(describeProblem(stop.problems[0]!)).toBe(
      '"tenure" is VARCHAR here, INTEGER in training, and 3 values do not convert. Scoring stops; fix those values or the column\'s type.',
    );
  });

  it('encodes unseen categories as "other" in the app, and stops on them unless allowed', () => {
    const stats = withStats('plan', {
      text: {
        unseen: 12,
        values: [
          { value: 'enterprise', rows: 9 },
          { value: 'trial', rows: 2 },
        ],
      },
    });
    const app = checkInput(SCHEMA, SPEC, observed({ stats }), { unseen: 'other' });
    expect(app.blocked).toBe(false);
    expect(describeProblem(app.problems[0]!)).toBe(
      '12 rows of "plan" hold values not seen in training: "enterprise" (9), "trial" (2), …. Encoded as "plan=(other)"; flagged.',
    );
    const cli = checkInput(SCHEMA, SPEC, observed({ stats }), { unseen: 'stop' });
    expect(cli.blocked).toBe(true);
    expect(cli.problems[0]).toMatchObject({
      kind: 'unseen-category',
      rows: 12,
      action: 'stop',
      encodedAs: '"plan=(other)"',
    });
  });

  it('flags values far outside the training range, numbers and times, without stopping', () => {
    const stats = clean.map((s) =>
      s.name === 'tenure'
        ? { ...s, number: { failed: 0, below: 0, above: 5, min: 0, max: 400 } }
        : s.name === 'signup'
          ? {
              ...s,
              time: {
                failed: 0,
                before: 2,
                after: 0,
                min: '1999-01-01 00:00:00',
                max: '2024-01-01 00:00:00',
              },
            }
          : s,
    );
    const report = checkInput(SCHEMA, SPEC, observed({ stats }), { unseen: 'stop' });
    expect(report.blocked).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.column, p.action])).toEqual([
      ['out-of-range', 'tenure', 'flag'],
      ['out-of-range', 'signup', 'flag'],
    ]);
    expect(describeProblem(report.problems[0]!)).toBe(
      '5 values of "tenure" lie far outside the training range 0 … 72 (here 0 … 400): scored, flagged; the model has not seen such values.',
    );
  });

  it('stops on NULLs where the features keep them (no imputation), listing stops first', () => {
    const stats = withStats('signup', { nulls: 8 });
    const report = checkInput(
      SCHEMA,
      SPEC,
      observed({ stats, columns: [...columns, { name: 'x', type: 'INTEGER' }] }),
      { unseen: 'stop' },
    );
    expect(report.problems.map((p) => p.kind)).toEqual(['missing-values', 'extra-column']);
    expect(describeProblem(report.problems[0]!)).toMatch(
      /^8 rows have no value in "signup", which had none in training/,
    );
  });
});
