import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChart } from '../../ui/plot/render';
import type { SqlEngine } from '../engine';
import { runChart } from './run';
import { engineWith } from './test-helpers';
import type { ChartRow } from './types';

/* The class mix of a multiclass target per segment, checked against pandas 1.5.3 on the penguins
 * (reference/class_mix.py, its output in fixtures/class-mix-penguins.json). */

interface MixRow {
  readonly segment: string | number;
  readonly class: string;
  readonly n: number;
  readonly count: number;
  readonly share: number;
  readonly lo: number | null;
  readonly hi: number | null;
}
interface Reference {
  readonly island: readonly MixRow[];
  readonly sex: readonly MixRow[];
  readonly flipper_length_mm_4_bins: readonly MixRow[];
}

const read = (path: string) => readFileSync(new URL(path, import.meta.url));
const REFERENCE = JSON.parse(read('./fixtures/class-mix-penguins.json').toString('utf8')) as Reference;

let engine: SqlEngine;

beforeAll(async () => {
  engine = await engineWith(
    `CREATE TABLE many AS SELECT i % 60 AS g, 'c' || (i % 51) AS y FROM range(200) AS r(i);`,
  );
  await engine.registerFile('penguins.csv', new Blob([read('../../../public/sample/penguins/penguins.csv')]));
  await engine.exec(`CREATE TABLE penguins AS SELECT * FROM read_csv('penguins.csv')`);
});
afterAll(() => engine.terminate());

/** The chart's rows keyed as the reference's: the text segment, or the bin (its `ord`) of a number. */
function keyed(rows: readonly ChartRow[], binned: boolean) {
  return rows.map((r) => ({
    segment: binned ? (r['segment'] === '(missing)' ? -1 : r['ord']) : r['segment'],
    class: r['class'],
    n: r['n'],
    count: r['count'],
    share: r['share'],
    lo: r['lo'],
    hi: r['hi'],
  }));
}

describe('target-rate of a multiclass target: the class mix', () => {
  it.each([
    ['island', REFERENCE.island],
    ['sex', REFERENCE.sex],
  ])('gives each value of %s its species mix, as pandas', async (segment, reference) => {
    const data = await runChart(engine, 'penguins', { kind: 'target-rate', segment, target: 'species' });
    expect(data.meta).toMatchObject({
      classes: ['Adelie', 'Chinstrap', 'Gentoo'],
      positive: null,
      units: { y: 'fraction' },
      labels: { y: 'class mix of species', color: 'species' },
    });
    const got = keyed(data.rows, false);
    expect(got).toHaveLength(reference.length);
    for (const want of reference) {
      const row = got.find((r) => r.segment === want.segment && r.class === want.class);
      expect(row).toMatchObject({ n: want.n, count: want.count, lo: null, hi: null });
      expect(row?.share).toBeCloseTo(want.share, 12);
    }
    // Segments by size, largest first.
    const counts = data.rows.map((r) => r['count']);
    expect(counts).toEqual([...counts].sort((a, b) => Number(b) - Number(a)));
  });

  it('bins a numeric segment by quantile as the rate does, and gives each bin its mix, as pandas', async () => {
    const data = await runChart(engine, 'penguins', {
      kind: 'target-rate',
      segment: 'flipper_length_mm',
      target: 'species',
      bins: 4,
    });
    expect(data.meta.binned).toBe(true);
    const got = keyed(data.rows, true);
    const reference = REFERENCE.flipper_length_mm_4_bins;
    expect(got).toHaveLength(reference.length);
    for (const want of reference) {
      const row = got.find((r) => r.segment === want.segment && r.class === want.class);
      expect(row).toMatchObject({ n: want.n, count: want.count, lo: want.lo, hi: want.hi });
      expect(row?.share).toBeCloseTo(want.share, 12);
    }
  });

  it('keeps the rate of one class when the positive class is asked', async () => {
    const data = await runChart(engine, 'penguins', {
      kind: 'target-rate',
      segment: 'island',
      target: 'species',
      positive: 'Gentoo',
    });
    expect(data.meta).toMatchObject({
      classes: null,
      positive: 'Gentoo',
      labels: { y: 'rate of species = Gentoo' },
    });
    const biscoe = REFERENCE.island.find((r) => r.segment === 'Biscoe' && r.class === 'Gentoo');
    expect(data.rows.find((r) => r['segment'] === 'Biscoe')?.['rate']).toBeCloseTo(biscoe?.share ?? NaN, 12);
  });

  it('mixes per facet, each facet segment summing to one', async () => {
    const data = await runChart(engine, 'penguins', {
      kind: 'target-rate',
      segment: 'island',
      target: 'species',
      facet: 'sex',
    });
    const sums = new Map<string, number>();
    for (const r of data.rows) {
      const key = `${String(r['facet'])}/${String(r['segment'])}`;
      sums.set(key, (sums.get(key) ?? 0) + Number(r['share']));
    }
    expect(new Set(data.rows.map((r) => r['facet']))).toEqual(new Set(['MALE', 'FEMALE', '(missing)', '.']));
    for (const sum of sums.values()) expect(sum).toBeCloseTo(1, 12);
  });

  it('refuses a target of more than 50 classes, saying how to chart it', async () => {
    await expect(
      runChart(engine, 'many', { kind: 'target-rate', segment: 'g', target: 'y' }),
    ).rejects.toThrow(/more than 50 values.*positive class/);
  });

  it('draws stacked bars coloured by class, with a legend and each segment row count', async () => {
    const spec = { kind: 'target-rate', segment: 'island', target: 'species' } as const;
    const data = await runChart(engine, 'penguins', spec);
    const { document } = new JSDOM('').window;
    const el = renderChart(spec, data, { theme: 'light', width: 640, document });
    expect(el.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(REFERENCE.island.length);
    expect(el.textContent).toContain('Chinstrap');
    expect(el.textContent).toContain('class mix of species');
    const counts = [...el.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(counts.sort()).toEqual(['n=124', 'n=168', 'n=52']);
  });
});
