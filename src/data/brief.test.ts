import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../notebook/ops';
import type { BriefConfig } from '../notebook/types';
import { briefInputProblem, summarizeTarget } from './brief';
import type { SqlEngine } from './engine';
import { createNodeEngine } from './testing/node-engine';

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`
    CREATE TABLE c AS SELECT * FROM (VALUES
      ('Yes', 1, 10.0), ('No', 5, 20.0), ('No', 20, 30.0), ('Yes', 2, NULL), ('No', 30, 50.0), (NULL, 3, 5.0)
    ) AS v("churned?", tenure, spend);
    CREATE TABLE one AS SELECT 'No' AS y FROM range(3);
    CREATE TABLE many AS SELECT CAST(i % 3 AS VARCHAR) AS y FROM range(9) AS r(i);
    CREATE TABLE words AS SELECT * FROM (VALUES ('a'), ('b')) AS v(y);
    CREATE TABLE flags AS SELECT i % 4 = 0 AS y FROM range(8) AS r(i);
  `);
});
afterAll(() => engine.terminate());

const brief = (patch: Partial<BriefConfig>): BriefConfig => ({
  ...defaultConfig('brief', new Set()),
  ...patch,
});

describe('summarizeTarget', () => {
  it('counts the classes, finds the positive one and values the majority baseline', async () => {
    const s = await summarizeTarget(
      engine,
      brief({ input: 'c', target: 'churned?', values: { tp: 100, fp: -20, tn: 0, fn: -150 } }),
    );
    expect(s).toMatchObject({ task: 'binary', rows: 6, missing: 1, positive: 'Yes', positiveRate: 0.4 });
    if (s.task !== 'binary') throw new Error('binary expected');
    // Majority "No": act on no one; 2 missed churners out of 5 → 2 × -150 / 5 × 1000.
    expect(s.baseline).toEqual({
      label: 'act on no one (majority class)',
      tp: 0,
      fp: 0,
      tn: 3,
      fn: 2,
      valuePer1000: -60_000,
    });
  });

  it('scores a rule written in SQL as the baseline', async () => {
    const s = await summarizeTarget(
      engine,
      brief({
        input: 'c',
        target: 'churned?',
        baseline: { kind: 'rule', sql: 'tenure < 10' },
        values: { tp: 100, fp: -20, tn: 0, fn: -150 },
      }),
    );
    if (s.task !== 'binary') throw new Error('binary expected');
    // tenure < 10 among rows with a target: Yes(1), No(5), Yes(2) → tp 2, fp 1; No(20), No(30) → tn 2.
    expect(s.baseline).toMatchObject({ label: 'the rule', tp: 2, fp: 1, tn: 2, fn: 0 });
    expect(s.baseline.valuePer1000).toBeCloseTo(((2 * 100 - 20) / 5) * 1000);
  });

  it('a positive class typed Yes matches true in a column read as BOOLEAN', async () => {
    const s = await summarizeTarget(engine, brief({ input: 'flags', target: 'y', positive: 'Yes' }));
    if (s.task !== 'binary') throw new Error('binary expected');
    expect(s).toMatchObject({ positive: 'true', positiveRate: 0.25 });
    await expect(
      summarizeTarget(engine, brief({ input: 'flags', target: 'y', positive: 'Maybe' })),
    ).rejects.toThrow(
      'The positive class "Maybe" is not a value of "y" (it has false, true): type one of them.',
    );
  });

  it('refuses a target with one class, more than two, or no obvious positive class', async () => {
    await expect(summarizeTarget(engine, brief({ input: 'one', target: 'y' }))).rejects.toThrow(
      'one class (No)',
    );
    await expect(summarizeTarget(engine, brief({ input: 'many', target: 'y' }))).rejects.toThrow('3 classes');
    await expect(summarizeTarget(engine, brief({ input: 'words', target: 'y' }))).rejects.toThrow(
      'Which value of "y" is the positive class',
    );
    await expect(
      summarizeTarget(engine, brief({ input: 'words', target: 'y', positive: 'c' })),
    ).rejects.toThrow('is not a value');
    await expect(summarizeTarget(engine, brief({ input: 'gone', target: 'y' }))).rejects.toThrow(
      'does not exist yet',
    );
    await expect(
      summarizeTarget(
        engine,
        brief({ input: 'c', target: 'churned?', baseline: { kind: 'rule', sql: 'tenure <' } }),
      ),
    ).rejects.toThrow('The baseline rule does not run');
  });

  it('summarises a regression target, and refuses text', async () => {
    const s = await summarizeTarget(
      engine,
      brief({ input: 'c', target: 'spend', task: 'regression', metric: 'rmse' }),
    );
    // spend without NULL: 10, 20, 30, 50, 5 → mean 23, population sd sqrt(1280 / 5) = 16.
    expect(s).toMatchObject({ task: 'regression', rows: 6, missing: 1, mean: 23, min: 5, max: 50 });
    if (s.task === 'regression') expect(s.std).toBeCloseTo(16, 10);
    await expect(
      summarizeTarget(engine, brief({ input: 'words', target: 'y', task: 'regression' })),
    ).rejects.toThrow('has no numbers');
  });
});

describe('briefInputProblem', () => {
  const brief = (input: string, target: string): BriefConfig => ({
    ...defaultConfig('brief', new Set()),
    input,
    target,
  });

  it('asks for the table and target first, then for the table to be made', () => {
    expect(briefInputProblem(brief('', 'churn'), false)).toMatchObject({ code: 'missing-input' });
    expect(briefInputProblem(brief('people', ''), true)).toMatchObject({ code: 'missing-input' });
    expect(briefInputProblem(brief('people', 'churn'), false)).toEqual({
      code: 'table-missing',
      message: 'The table "people" does not exist yet. Run the cell that creates it.',
    });
    expect(briefInputProblem(brief('people', 'churn'), true)).toBeNull();
  });
});
