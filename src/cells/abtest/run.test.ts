import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { AppError } from '../../lib/errors';
import { sampleSize } from '../../ml/abtest';
import { factsOf } from '../../notebook/kinds';
import { DEFAULT_AB_ANALYSIS, DEFAULT_AB_DESIGN } from '../../notebook/kinds/abtest';
import type { AbtestConfig, BriefConfig } from '../../notebook/types';
import { briefOf, cellOf, testContext } from '../testing';
import { parsePercent, parseTraffic, percentField } from './form';
import { doneText } from './present';
import { columnsProblem, controlOf, plannedShares, runAbtest } from './run';
import { outcomeValuesOf } from './values';

/*
 * The A/B cell's runner on DuckDB-WASM in Node: the design from the brief's data or a typed
 * rate, the analysis of a results table, and the bad inputs of issue 15 with their messages.
 * The statistics themselves are checked against SciPy/statsmodels in src/ml/abtest and
 * src/data/abtest.test.ts.
 */

let engine: SqlEngine;

const BRIEF: BriefConfig = briefOf({
  input: 'customers',
  target: 'churned',
  values: { tp: 150, fp: -50, tn: 0, fn: 0 },
});

function config(overrides: Partial<AbtestConfig> = {}): AbtestConfig {
  return {
    input: 'results',
    design: {
      ...DEFAULT_AB_DESIGN,
      baseline: { kind: 'typed', rate: 0.5 },
      mde: { kind: 'absolute', value: 0.1 },
    },
    analysis: { ...DEFAULT_AB_ANALYSIS, arm: 'arm', converted: 'converted', value: 'revenue' },
    ...overrides,
  };
}

async function run(c: AbtestConfig, brief: BriefConfig | null = BRIEF) {
  return runAbtest(testContext(engine, brief), cellOf('abtest', c));
}

async function failure(c: AbtestConfig, brief: BriefConfig | null = BRIEF): Promise<AppError> {
  try {
    await run(c, brief);
  } catch (e: unknown) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the run to fail');
}

/** `arms`: [name, users, conversions]; revenue 100 per conversion. */
async function results(name: string, arms: readonly (readonly [string, number, number])[]): Promise<void> {
  const parts = arms.map(
    ([arm, n, k]) =>
      `SELECT '${arm}' AS arm, CASE WHEN i < ${k} THEN 1 ELSE 0 END AS converted, CASE WHEN i < ${k} THEN 100.0 ELSE 0.0 END AS revenue, 'x' AS label FROM range(${n}) t(i)`,
  );
  await engine.exec(`CREATE OR REPLACE TABLE ${name} AS ${parts.join(' UNION ALL ')}`);
}

beforeAll(async () => {
  engine = await createNodeEngine();
  // 200 customers, 50 churned: the brief's positive rate is 25%.
  await engine.exec(
    `CREATE TABLE customers AS SELECT i AS id, CASE WHEN i < 50 THEN 'Yes' ELSE 'No' END AS churned FROM range(200) t(i)`,
  );
  await results('results', [
    ['control', 400, 200],
    ['treatment', 400, 260],
  ]);
});

afterAll(async () => {
  await engine.terminate();
});

describe('runAbtest', () => {
  it("designs on the brief's positive rate, with the duration", async () => {
    const c = config({
      input: '',
      design: {
        ...DEFAULT_AB_DESIGN,
        baseline: { kind: 'brief' },
        mde: { kind: 'absolute', value: -0.05 },
        dailyTraffic: 100,
      },
    });
    const out = await run(c);
    expect(out.baseline).toEqual({
      source: 'brief',
      rate: 0.25,
      table: 'customers',
      target: 'churned',
      positive: 'Yes',
      rows: 200,
    });
    const expected = sampleSize({ baselineRate: 0.25, effect: { kind: 'absolute', value: -0.05 } });
    expect(out.design.design.perArm).toEqual(expected.perArm);
    expect(out.design.duration?.days).toBe(Math.ceil(expected.totalUsers / 100));
    expect(out.design.curve.length).toBeGreaterThan(10);
    expect(out.analysis).toBeNull();
    expect(doneText(out)).toBe(`${expected.perArm.treatment.toLocaleString('en-US')} users per arm`);
  });

  it('analyses the results table: verdict, value from the brief, no warnings', async () => {
    const out = await run(config());
    const a = out.analysis?.result;
    expect(a?.control).toBe('control');
    expect(a?.warnings).toEqual([]);
    const c = a?.comparisons[0];
    expect(c?.rate.difference).toBeCloseTo(0.15, 12);
    // +15 points, but Newcombe's interval (≈ [+8.3, +21.4]) still holds effects below the MDE of 10.
    expect(c?.verdict?.kind).toBe('likely-meaningful');
    // From the brief: a converted user is worth tp − fp = 200, a call costs 50.
    expect(c?.value?.perUser.difference).toBeCloseTo(0.15 * 200 - 50, 9);
    expect(c?.mean?.difference).toBeCloseTo(15, 9);
    expect(out.analysis?.notes).toEqual([
      'The control is control, by its name; choose another in the settings.',
    ]);
    expect(doneText(out)).toMatch(/ · treatment \+15\.00 pp, Likely meaningful$/);
  });

  it('warns of a sample-ratio mismatch and of peeking', async () => {
    await results('skewed', [
      ['control', 300, 150],
      ['treatment', 200, 130],
    ]);
    const a = (await run(config({ input: 'skewed' }))).analysis?.result;
    expect(a?.warnings.map((w) => w.code)).toEqual(['sample-ratio-mismatch', 'peeking']);
  });

  it('compares each of three arms with the control, with a multiple-testing note', async () => {
    await results('three', [
      ['A', 400, 200],
      ['B', 400, 240],
      ['C', 400, 250],
    ]);
    const out = await run(config({ input: 'three' }));
    expect(out.analysis?.result.comparisons.map((c) => c.arm)).toEqual(['B', 'C']);
    expect(out.analysis?.result.warnings.map((w) => w.code)).toContain('multiple-arms');
    expect(out.analysis?.notes).toEqual([
      'The control is A, by its name; choose another in the settings.',
      'The design plans two arms; the sample-ratio check assumes an equal split.',
    ]);
  });

  it('refuses bad input with messages that say what to do', async () => {
    await results('single', [['control', 100, 40]]);
    expect((await failure(config({ input: 'single' }))).message).toMatch(/one arm only \(control\)/);
    expect(
      (await failure(config({ analysis: { ...config().analysis, converted: 'revenue', value: null } })))
        .message,
    ).toMatch(/"revenue" must be 0 or 1 .* also holds 100/);
    const zero = await failure(
      config({ design: { ...config().design, baseline: { kind: 'typed', rate: 0 } } }),
    );
    expect(zero.code).toBe('bad-input');
    expect(zero.message).toMatch(/baseline rate is 0: with no user converting/);
    const missing = await failure(config({ analysis: { ...config().analysis, arm: 'group' } }));
    expect(missing.message).toMatch(
      /The arm column "group" is not in "results", whose columns are "arm", "converted"/,
    );
    expect((await failure(config({ input: 'nowhere' }))).code).toBe('table-missing');
    const noBrief = await failure(
      config({ design: { ...config().design, baseline: { kind: 'brief' } } }),
      null,
    );
    expect(noBrief.message).toMatch(/no brief with a target.*type the baseline rate/);
    expect(
      (await failure(config({ analysis: { ...config().analysis, control: 'nobody' } }))).message,
    ).toMatch(/control arm nobody is not in the table/);
  });
});

describe('the pure parts', () => {
  it('finds the control by name, or asks for it', () => {
    expect(controlOf('', ['B', 'Control'])).toEqual({ control: 'Control', guessed: true });
    expect(controlOf('B', ['B', 'Control'])).toEqual({ control: 'B', guessed: false });
    expect(() => controlOf('', ['x', 'y'])).toThrow(/Choose the control arm: none of the arms \(x, y\)/);
  });

  it('plans the split of two arms only', () => {
    expect(plannedShares(['c', 't'], 'c', 0.3)).toEqual({ c: 0.7, t: 0.3 });
    expect(plannedShares(['a', 'b', 'c'], 'a', 0.3)).toBeUndefined();
  });

  it('checks the columns are chosen, present and distinct', () => {
    const c = config();
    expect(columnsProblem(c, ['arm', 'converted', 'revenue'])).toBeNull();
    expect(columnsProblem({ ...c, analysis: { ...c.analysis, arm: '' } }, ['arm'])?.code).toBe(
      'missing-input',
    );
    expect(
      columnsProblem({ ...c, analysis: { ...c.analysis, value: 'arm' } }, ['arm', 'converted'])?.message,
    ).toMatch(/three different columns/);
  });

  it('maps the brief values to outcome values, or says why not', () => {
    expect(outcomeValuesOf({ kind: 'brief' }, BRIEF, ['t']).values).toEqual({
      converted: 200,
      notConverted: 0,
      costPerUser: { t: 50 },
    });
    expect(outcomeValuesOf({ kind: 'brief' }, briefOf({ input: 'a', target: 'b' }), ['t']).values).toBeNull();
    expect(outcomeValuesOf({ kind: 'none' }, BRIEF, ['t']).values).toBeNull();
    expect(
      outcomeValuesOf({ kind: 'typed', converted: 10, notConverted: 1, treatmentCost: 2 }, null, ['t', 'u'])
        .values,
    ).toEqual({ converted: 10, notConverted: 1, costPerUser: { t: 2, u: 2 } });
  });

  it('reads percent fields and daily traffic', () => {
    expect(parsePercent('8', 'The MDE', -100, 100)).toEqual({ ok: true, value: 0.08 });
    expect(parsePercent('x', 'The MDE', -100, 100)).toEqual({
      ok: false,
      message: 'The MDE must be a number (in percent).',
    });
    expect(parsePercent('120', 'The power', 1, 99.9).ok).toBe(false);
    expect(parseTraffic('1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseTraffic('')).toEqual({ ok: true, value: null });
    expect(parseTraffic('-3').ok).toBe(false);
    expect(percentField(0.07)).toBe('7');
  });

  it('restores a stored config and refuses a corrupt one', () => {
    const facts = factsOf('abtest');
    const stored = config({ analysis: { ...config().analysis, bootstrap: { resamples: 2000, seed: 1 } } });
    expect(facts.restore(JSON.parse(JSON.stringify(stored)), 'config', [])).toEqual(stored);
    expect(() => facts.restore({ design: { power: 2 } }, 'c', [])).toThrow('c.design.power is above 1');
    expect(() => facts.restore({ design: { mde: { kind: 'percent', value: 1 } } }, 'c', [])).toThrow(
      'c.design.mde.kind is not absolute or relative',
    );
    expect(() => facts.restore({ analysis: { bootstrap: { resamples: 5, seed: 1 } } }, 'c', [])).toThrow(
      'c.analysis.bootstrap.resamples is below 100',
    );
    expect(facts.reads(stored)).toEqual({ tables: ['results'] });
    expect(facts.title(stored)).toBe('A/B test of results');
  });
});
