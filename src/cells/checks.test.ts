import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../notebook/ops';
import type { CellConfigs, CellKind } from '../notebook/types';
import { chartProblem } from './chart/run';
import { evaluateProblem } from './evaluate/run';
import { runsProblem, shapeProblem, type RunSummary, type TableSummary } from './evaluate/read';
import { featuresProblem } from './features/run';
import { profileProblem } from './profile/run';
import { framingProblem } from './shared/brief';
import { inputProblem } from './shared/input';
import { sourceProblem } from './source/run';
import { sqlProblem } from './sql/run';
import { briefOf } from './testing';
import { featureTableProblem, rowsProblem, trainProblem, type RowCounts } from './train/input';

/*
 * Each runner's checks, as pure functions of what it found: a problem (a code that says what kind
 * of problem, a message that says what to do) or nothing. The runners' own tests check that they
 * refuse through them; these check every branch.
 */

const config = <K extends CellKind>(kind: K, patch: Partial<CellConfigs[K]> = {}): CellConfigs[K] => ({
  ...defaultConfig(kind, new Set()),
  ...patch,
});
const code = (problem: { code: string } | null): string | null => problem?.code ?? null;
const BRIEF = briefOf({ input: 'people', target: 'churn' });

describe('the input table most kinds read', () => {
  it('is chosen, then made', () => {
    expect(inputProblem('  ', null)).toEqual({
      code: 'missing-input',
      message: 'Choose the table this cell reads, in the field above.',
    });
    expect(code(inputProblem('people', false))).toBe('table-missing');
    expect(inputProblem('people', null)).toBeNull();
    expect(inputProblem('people', true)).toBeNull();
  });
});

describe('the brief that features and training read', () => {
  it('is there and names a target', () => {
    expect(code(framingProblem(null))).toBe('missing-input');
    expect(framingProblem({ ...BRIEF, target: ' ' })?.message).toMatch(/^The brief has no target yet/);
    expect(framingProblem(BRIEF)).toBeNull();
  });
});

describe('source, SQL, profile and chart cells', () => {
  it('need a file', () => {
    expect(code(sourceProblem(config('source')))).toBe('missing-input');
    const file = {
      sha256: 'a'.repeat(64),
      name: 'a.csv',
      sizeBytes: 1,
      format: 'csv',
      importedAt: '',
    } as const;
    expect(sourceProblem(config('source', { file }))).toBeNull();
  });

  it('need one query', () => {
    expect(code(sqlProblem(config('sql', { sql: ' ' })))).toBe('missing-input');
    expect(code(sqlProblem(config('sql', { sql: 'DROP TABLE x' })))).toBe('bad-input');
    expect(sqlProblem(config('sql', { sql: '-- the active ones\nSELECT 1' }))).toBeNull();
  });

  it('need a target that is a column of the table, if any', () => {
    const profile = config('profile', { input: 'people', target: 'churn' });
    expect(profileProblem(profile, ['id', 'churn'])).toBeNull();
    expect(profileProblem(profile, ['id'])).toEqual({
      code: 'bad-input',
      message: 'The target "churn" is not a column of "people". Choose another target, or none.',
    });
    expect(profileProblem({ ...profile, target: null }, ['id'])).toBeNull();
  });

  it('need a chart chosen', () => {
    expect(code(chartProblem(config('chart')))).toBe('missing-input');
    expect(chartProblem(config('chart', { spec: { kind: 'histogram', column: 'n' } }))).toBeNull();
  });
});

describe('a features cell', () => {
  const numeric = (column: string) => ({ column, encoding: 'numeric', impute: 'mean' }) as const;
  const features = config('features', { features: [numeric('age')] });
  const columns = ['id', 'age', 'churn'];

  it('runs on a table with the target and every feature', () => {
    expect(featuresProblem(features, BRIEF, 'people', columns)).toBeNull();
  });

  it('says which choice does not fit the table', () => {
    const problem = (patch: Partial<CellConfigs['features']>, cols = columns) =>
      featuresProblem({ ...features, ...patch }, BRIEF, 'people', cols);
    expect(problem({}, ['id', 'age'])?.message).toMatch(/^The target "churn" is not a column of "people"/);
    expect(problem({ features: [] })).toEqual({
      code: 'missing-input',
      message: 'Choose at least one feature: tick the columns the model may use.',
    });
    expect(problem({ features: [numeric('age'), numeric('gone'), numeric('lost')] })?.message).toBe(
      '"gone", "lost" are not in "people" any more: remove them from the features.',
    );
    expect(problem({ features: [numeric('churn')] })?.message).toMatch(/cannot also be a feature/);
    expect(problem({}, [...columns, '__split'])).toEqual({
      code: 'bad-input',
      message: '"people" already has a column "__split", a name this cell adds: rename it first.',
    });
  });
});

describe('a train cell', () => {
  const counts: RowCounts = {
    train: 8,
    validation: 2,
    other: 0,
    nullTargets: 0,
    notBinary: 0,
    trainPositives: 3,
  };

  it('has a model besides the baseline', () => {
    expect(code(trainProblem(config('train', { models: [] })))).toBe('missing-input');
    expect(trainProblem(config('train'))).toBeNull();
  });

  it('reads a table a Features cell made', () => {
    expect(code(featureTableProblem('', null))).toBe('missing-input');
    expect(code(featureTableProblem('f', null))).toBe('table-missing');
    expect(featureTableProblem('f', ['__row_id', 'age'])?.message).toBe(
      '"f" is not a table a Features cell made: it has no "__split", "__target". Choose the table a Features cell made.',
    );
    expect(code(featureTableProblem('f', ['__row_id', '__split', '__target']))).toBe('bad-input');
    expect(featureTableProblem('f', ['__row_id', '__split', '__target', 'age'])).toBeNull();
  });

  it('has rows on both sides, a target on each, and both classes in the training rows', () => {
    expect(rowsProblem('f', counts, BRIEF)).toBeNull();
    expect(rowsProblem('f', { ...counts, validation: 0 }, BRIEF)?.message).toMatch(
      /has no validation rows \(8 training, 0 validation\)/,
    );
    expect(rowsProblem('f', { ...counts, other: 1 }, BRIEF)?.message).toMatch(
      /^1 row of "f" has a "__split"/,
    );
    expect(rowsProblem('f', { ...counts, nullTargets: 2 }, BRIEF)?.message).toMatch(
      /^2 rows of "f" have no target/,
    );
    expect(rowsProblem('f', { ...counts, notBinary: 1 }, BRIEF)?.message).toMatch(/is not 0\/1/);
    expect(rowsProblem('f', { ...counts, trainPositives: 0 }, BRIEF)?.message).toMatch(
      /only negative rows \(0\)/,
    );
    expect(
      rowsProblem('f', { ...counts, trainPositives: 8 }, { ...BRIEF, positive: 'Yes' })?.message,
    ).toMatch(/only 'Yes'/);
    // A regression target is any number, and has no classes.
    expect(
      rowsProblem('f', { ...counts, notBinary: 5, trainPositives: 0 }, { ...BRIEF, task: 'regression' }),
    ).toBeNull();
  });
});

describe('an evaluate cell', () => {
  const run = (patch: Partial<RunSummary> = {}): RunSummary => ({
    id: 'r1',
    label: 'Logistic',
    labels: 1,
    role: 'model',
    roles: 1,
    rows: 10,
    distinctRows: 10,
    blanks: 0,
    ...patch,
  });
  const summary = (patch: Partial<TableSummary> = {}): TableSummary => ({
    runs: [run(), run({ id: 'r2' })],
    rowIds: 10,
    conflicts: 0,
    notBinary: 0,
    ...patch,
  });
  const types = new Map([
    ['run_id', 'VARCHAR'],
    ['run', 'VARCHAR'],
    ['role', 'VARCHAR'],
    ['row_id', 'INTEGER'],
    ['truth', 'DOUBLE'],
    ['score', 'DOUBLE'],
  ]);

  it('judges against a brief whose costs are not negative', () => {
    expect(code(evaluateProblem(null))).toBe('missing-input');
    const costly = { ...BRIEF, task: 'regression', unitCost: { over: -1, under: 1 } } as const;
    expect(code(evaluateProblem(costly))).toBe('bad-input');
    expect(evaluateProblem(BRIEF)).toBeNull();
  });

  it('reads a table shaped as a Train cell writes it', () => {
    expect(code(shapeProblem('', null))).toBe('missing-input');
    expect(code(shapeProblem('p', null))).toBe('table-missing');
    expect(shapeProblem('p', types)).toBeNull();
    const noScore = new Map([...types].filter(([name]) => name !== 'score'));
    expect(shapeProblem('p', noScore)?.message).toMatch(
      /^"p" is not a predictions table: it has no score column\./,
    );
    expect(shapeProblem('p', new Map([...types, ['truth', 'VARCHAR']]))?.message).toBe(
      '"p" is not a predictions table: truth must be numbers (VARCHAR here).',
    );
  });

  it('compares runs that scored the same rows once, with one truth', () => {
    expect(runsProblem('p', 'binary', summary())).toBeNull();
    const message = (patch: Partial<TableSummary>, task: 'binary' | 'regression' = 'binary') =>
      runsProblem('p', task, summary(patch))?.message;
    expect(message({ runs: [] })).toBe('"p" has no predictions yet: run the Train cell that writes it.');
    expect(message({ runs: [run({ id: null })] })).toMatch(/^Rows without a run_id cannot be told apart/);
    expect(message({ runs: [run({ blanks: 2 })] })).toMatch(/^Run "Logistic" has 2 rows without a row_id/);
    expect(message({ runs: [run({ role: 'oracle' })] })).toMatch(/has the role "oracle"/);
    expect(message({ runs: [run({ rows: 12 })] })).toMatch(/scores some rows more than once/);
    expect(message({ runs: [run({ rows: 8, distinctRows: 8 })] })).toMatch(/has 8 of the 10 validation rows/);
    expect(message({ conflicts: 3 })).toMatch(/^3 rows have a different truth in different runs/);
    expect(message({ notBinary: 1 })).toMatch(/a truth other than 0 and 1 on 1 rows/);
    expect(message({ notBinary: 1 }, 'regression')).toBeUndefined();
    expect(code(runsProblem('p', 'binary', summary({ conflicts: 1 })))).toBe('bad-input');
  });
});
