import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportHarness, type ImportHarness } from '../../data/testing/import-harness';
import type { BriefConfig, ProfileConfig } from '../../notebook/types';
import { briefOf, cellOf, testContext } from '../testing';
import { profileCache } from './cache';
import { runProfile, type ProfileOutput } from './run';

/*
 * A profile kept in the table cache (IndexedDB clones it) reads back as the run gave it, for the
 * Telco sample (a binary target, a sample of its rows, every kind of proposed step) and for a
 * table of dates with a class target and a time column (class mixes, text minimums, a lag found);
 * a kept value that does not read as a profile of the cell's table is refused: the cell runs.
 */

const CSV = new URL('../../ml/models/fixtures/telco_churn.csv', import.meta.url);

let harness: ImportHarness;
beforeAll(async () => {
  harness = await createImportHarness();
  await harness.run('telco_churn.csv', readFileSync(CSV), 'csv', { table: 'telco' });
  await harness.engine.exec(
    `CREATE TABLE visits AS SELECT range AS id, DATE '2024-01-01' + CAST(range AS INTEGER) AS day,
       ['basic', 'plus', 'pro'][1 + range % 3] AS plan, CASE WHEN range % 17 = 0 THEN NULL ELSE range % 9 END AS visits,
       (range * 7) % 50 AS minutes, lag((range * 7) % 50) OVER (ORDER BY range) AS last_minutes FROM range(1500)`,
  );
}, 60_000);
afterAll(() => harness.engine.terminate());

async function profiled(config: ProfileConfig, brief: BriefConfig | null = null): Promise<ProfileOutput> {
  return runProfile(testContext(harness.engine, brief), cellOf('profile', config));
}

/** `output` kept, cloned as IndexedDB clones it, and read back for the cell of `config`. */
function roundTrip(output: ProfileOutput, config: ProfileConfig): ProfileOutput | null {
  return profileCache.restore(structuredClone(profileCache.keep(output)), cellOf('profile', config));
}

describe('the profile kept in the table cache', () => {
  it('reads back equal to the run, for the Telco sample', async () => {
    const config = { input: 'telco', target: 'Churn', sampleRows: 5_000 };
    const out = await profiled(config);
    expect(out.profile.sample?.rows).toBe(5_000);
    expect(out.profile.target?.kind).toBe('binary');
    expect(
      new Set(out.profile.issues.flatMap((i) => i.suggestions.map((s) => s.recipe))).size,
    ).toBeGreaterThan(3);
    expect(roundTrip(out, config)).toEqual(out);
  });

  it('reads back equal to the run, for a class target and a time column', async () => {
    const config = { input: 'visits', target: 'plan', sampleRows: 200_000 };
    const out = await profiled(config);
    expect(out.profile.target).toMatchObject({ kind: 'categorical', classes: 3 });
    expect(out.profile.columns.find((c) => c.name === 'day')?.min).toBe('2024-01-01');
    expect(roundTrip(out, config)).toEqual(out);
    const numeric = { input: 'visits', target: 'minutes', sampleRows: 200_000 };
    const brief = briefOf({ input: 'visits', target: 'minutes', task: 'regression', timeColumn: 'day' });
    const byMinutes = await profiled(numeric, brief);
    expect(byMinutes.profile.target?.kind).toBe('numeric');
    expect(byMinutes.profile.issues.find((i) => i.code === 'target-lag')?.column).toBe('last_minutes');
    expect(roundTrip(byMinutes, numeric)).toEqual(byMinutes);
  });

  it('is refused when it does not read as a profile of the cell’s table (the cell runs)', async () => {
    const config = { input: 'visits', target: null, sampleRows: 200_000 };
    const out = await profiled(config);
    const kept = structuredClone(profileCache.keep(out));
    expect(profileCache.restore(kept, cellOf('profile', config))).toEqual(out);
    const profile = out.profile;
    const [first, ...others] = profile.columns;
    const broken = [
      null,
      'a profile',
      { ...profile, columns: [{ ...first, flags: null }, ...others] },
      { ...profile, rowCount: '1500' },
      { ...profile, issues: [{ ...profile.issues[0], suggestions: [{ recipe: 'explode', column: 'id' }] }] },
      { ...profile, issues: [{ ...profile.issues[0], code: 'no-such-issue' }] },
    ];
    expect(profile.issues.length).toBeGreaterThan(0);
    for (const raw of broken) expect(profileCache.restore(raw, cellOf('profile', config))).toBeNull();
    // A profile of another table is not this cell's, whatever its key said.
    expect(profileCache.restore(kept, cellOf('profile', { ...config, input: 'telco' }))).toBeNull();
  });
});
