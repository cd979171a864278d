import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createImportHarness, type ImportHarness } from '../testing/import-harness';
import { profileTable } from './index';
import { column, expectPlainJson, replayNative } from './test-helpers';
import type { TableProfile, TargetRate } from './types';

/* A multiclass target's class mix per column value, checked against pandas 1.5.3 on the penguins
 * (src/data/chart/reference/class_mix.py, its output in src/data/chart/fixtures/class-mix-penguins.json). */

interface MixRow {
  readonly segment: string;
  readonly class: string;
  readonly n: number;
  readonly count: number;
  readonly share: number;
}
const REFERENCE = JSON.parse(
  readFileSync(new URL('../chart/fixtures/class-mix-penguins.json', import.meta.url), 'utf8'),
) as { island: MixRow[]; sex: MixRow[] };
const CSV = new URL('../../../public/sample/penguins/penguins.csv', import.meta.url);
const CLASSES = ['Adelie', 'Chinstrap', 'Gentoo'];
// The birds of each species in the file (pandas value_counts).
const SPECIES = new Map([
  ['Adelie', 152],
  ['Chinstrap', 68],
  ['Gentoo', 124],
]);

let harness: ImportHarness;
let profile: TableProfile;
beforeAll(async () => {
  harness = await createImportHarness();
  await harness.run('penguins.csv', readFileSync(CSV), 'csv', { table: 'penguins' });
  profile = await profileTable(harness.engine, 'penguins', { sampleRows: 100_000, target: 'species' });
});

/** The share pandas gives `cls` among the rows of `segment`; 0 where the segment has none of it. */
function expectedShare(reference: readonly MixRow[], segment: string, cls: string): number {
  return reference.find((r) => r.segment === segment && r.class === cls)?.share ?? 0;
}

function expectMix(rates: readonly TargetRate[], reference: readonly MixRow[], missing: string | null) {
  for (const rate of rates) {
    const segment = rate.bucket === 'missing' ? missing : rate.label;
    if (segment === null) throw new Error(`No reference segment for ${rate.label}`);
    expect(rate.count).toBe(reference.find((r) => r.segment === segment)?.count);
    expect(rate.rate).toBeNull();
    expect(rate.mix?.map((m) => m.label)).toEqual(CLASSES);
    for (const m of rate.mix ?? [])
      expect(m.share).toBeCloseTo(expectedShare(reference, segment, m.label), 12);
  }
}

describe('profiling with a target of three classes', () => {
  it('gives the overall class mix of species', () => {
    expect(profile.target).toMatchObject({ column: 'species', kind: 'categorical', classes: 3 });
    const mix = profile.target?.kind === 'categorical' ? (profile.target.mix ?? []) : [];
    expect(mix.map((m) => m.label)).toEqual(CLASSES);
    for (const m of mix) expect(m.share).toBeCloseTo((SPECIES.get(m.label) ?? NaN) / 344, 12);
  });

  it('gives each island and each sex (NULL as missing) its species mix, as pandas', () => {
    const island = column(profile, 'island').targetRates ?? [];
    expect(island.map((r) => r.label)).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expectMix(island, REFERENCE.island, null);
    const sex = column(profile, 'sex').targetRates ?? [];
    expect(sex.map((r) => r.bucket)).toEqual(['value', 'value', 'value', 'missing']);
    expectMix(sex, REFERENCE.sex, '(missing)');
  });

  it("splits each species over a number's deciles: the buckets' shares add up to its birds", () => {
    const flipper = column(profile, 'flipper_length_mm').targetRates ?? [];
    expect(flipper.filter((r) => r.bucket === 'range').length).toBeGreaterThanOrEqual(8);
    expect(flipper.reduce((s, r) => s + r.count, 0)).toBe(344);
    CLASSES.forEach((cls, i) => {
      const birds = flipper.reduce((s, r) => s + (r.mix?.[i]?.share ?? 0) * r.count, 0);
      expect(birds).toBeCloseTo(SPECIES.get(cls) ?? NaN, 9);
    });
  });

  it('is plain JSON, and its queries replay in native DuckDB', async () => {
    expectPlainJson(profile);
    const path = fileURLToPath(CSV).replaceAll("'", "''");
    await replayNative(`CREATE TABLE penguins AS SELECT * FROM read_csv('${path}')`, profile.queries);
  });
});
