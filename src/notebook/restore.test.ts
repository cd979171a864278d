import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { asCaseId, asCellId } from './ids';
import { addCell, blankCell, createCase, setReportSettings, updateConfig } from './ops';
import { migrateCase, restoreCase } from './restore';
import { NOW, sampleCase } from './test-helpers';
import type { Case, CellKind } from './types';

const load = (raw: unknown) => restoreCase(migrateCase(raw));
const fixture = (): unknown =>
  JSON.parse(readFileSync(new URL('./fixtures/case-v1.json', import.meta.url), 'utf8'));

function invalid(raw: unknown): string {
  try {
    load(raw);
  } catch (e: unknown) {
    expect(e).toBeInstanceOf(AppError);
    if (e instanceof AppError) {
      expect(e.code).toBe('invalid-document');
      return e.message;
    }
  }
  throw new Error('expected the document to be refused');
}

describe('restoreCase(migrateCase(raw))', () => {
  it('loads the frozen version-1 fixture unchanged', () => {
    const raw = fixture();
    const { case: c, warnings } = load(raw);
    expect(warnings).toEqual([]);
    expect(c).toEqual(raw);
  });

  it('round-trips a case built by the operations', () => {
    const c = sampleCase();
    expect(load(JSON.parse(JSON.stringify(c))).case).toEqual(c);
  });

  it('refuses a newer schema and a document that is not a case, naming the problem', () => {
    expect(invalid({ ...sampleCase(), schemaVersion: 7 })).toMatch(/newer version of Casebook \(schema 7\)/);
    expect(invalid({ title: 'x' })).toMatch(/schemaVersion is missing/);
    expect(invalid(null)).toMatch(/case is not an object/);
    expect(invalid([1, 2])).toMatch(/case is not an object/);
  });

  it('refuses malformed fields with their path', () => {
    const c = JSON.parse(JSON.stringify(sampleCase())) as { cells: { config: Record<string, unknown> }[] };
    const bad = (change: (doc: typeof c) => void): string => {
      const doc = JSON.parse(JSON.stringify(c)) as typeof c;
      change(doc);
      return invalid(doc);
    };
    expect(bad((d) => (d.cells[1]!.config['sql'] = 42))).toMatch(/cells\[1\]\.config\.sql is not text/);
    expect(bad((d) => (d.cells[0]!.config['file'] = { sha256: 'zz' }))).toMatch(
      /cells\[0\]\.config\.file\.sha256/,
    );
    expect(bad((d) => (d.cells[1]!.config['output'] = ' '))).toMatch(/cells\[1\]\.config\.output is empty/);
    expect(bad((d) => Reflect.set(d, 'cells', 'nope'))).toMatch(/case\.cells is not a list/);
    expect(
      bad(
        (d) =>
          (d.cells[0]!.config['file'] = { ...(d.cells[0]!.config['file'] as object), sizeBytes: Infinity }),
      ),
    ).toMatch(/sizeBytes is not a size/);
  });

  it('repairs what is safe to repair and says so', () => {
    const raw = JSON.parse(JSON.stringify(sampleCase())) as {
      title?: string;
      cells: Record<string, unknown>[];
    };
    delete raw.title;
    delete raw.cells[1]!['reads'];
    raw.cells[2]!['id'] = raw.cells[1]!['id'];
    raw.cells.push({ id: 'future', kind: 'hologram', config: {} });
    (raw.cells[0]!['config'] as Record<string, unknown>)['csv'] = { delimiter: '#', header: 'yes' };
    const { case: c, warnings } = restoreCase(migrateCase(raw), () => asCellId('fresh'));
    expect(c.title).toBe('Untitled case');
    expect(c.cells).toHaveLength(4);
    expect(c.cells[1]?.reads).toEqual([]);
    expect(c.cells[2]?.id).toBe('cell-fresh');
    expect(c.cells[0]).toMatchObject({
      config: { csv: { delimiter: 'auto', header: true, skipBadRows: false } },
    });
    expect(warnings.join(' ')).toMatch(/shared the id/);
    expect(warnings.join(' ')).toMatch(/hologram/);
  });

  it('never lets __proto__ or constructor keys reach live objects', () => {
    const hostile = JSON.parse(
      '{"schemaVersion":1,"id":"c","title":"t","createdAt":"x","updatedAt":"y","__proto__":{"polluted":1},' +
        '"constructor":{"prototype":{"polluted":2}},"cells":[{"id":"a","kind":"markdown","reads":[],' +
        '"config":{"text":"hi","__proto__":{"polluted":3}}}]}',
    ) as unknown;
    const { case: c } = load(hostile);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c.cells[0]!.config)).toEqual(['text']);
  });

  it('round-trips arbitrary cases (property)', () => {
    const kinds: CellKind[] = ['markdown', 'source', 'sql'];
    const cellSpec = fc.record({
      kind: fc.constantFrom(...kinds),
      text: fc.string(),
      output: fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
      view: fc.boolean(),
      note: fc.string(),
    });
    fc.assert(
      fc.property(fc.string(), fc.array(cellSpec, { maxLength: 8 }), (title, specs) => {
        let c: Case = createCase(asCaseId('case-p'), title, NOW);
        specs.forEach((spec, i) => {
          const id = asCellId(`cell-${i}`);
          c = addCell(c, blankCell(spec.kind, id, new Set()), i, NOW);
          if (spec.kind === 'markdown') c = updateConfig(c, id, 'markdown', { text: spec.text }, NOW);
          if (spec.kind === 'sql') {
            c = updateConfig(
              c,
              id,
              'sql',
              { sql: spec.text, output: spec.output, materialize: spec.view ? 'view' : 'table' },
              NOW,
            );
          }
          if (spec.kind === 'source')
            c = updateConfig(c, id, 'source', { output: spec.output, note: spec.note }, NOW);
        });
        expect(load(JSON.parse(JSON.stringify(c))).case).toEqual(c);
      }),
    );
  });

  it('round-trips profile and clean cells, steps and learned values included', () => {
    let c: Case = createCase(asCaseId('case-c'), 'c', NOW);
    c = addCell(c, blankCell('profile', asCellId('p'), new Set()), 0, NOW);
    c = updateConfig(
      c,
      asCellId('p'),
      'profile',
      { input: 'churn', target: 'Churn', sampleRows: 50_000 },
      NOW,
    );
    c = addCell(c, blankCell('clean', asCellId('k'), new Set()), 1, NOW);
    c = updateConfig(
      c,
      asCellId('k'),
      'clean',
      {
        input: 'churn',
        output: 'churn_clean',
        steps: [
          { id: 's1', enabled: true, recipe: 'placeholder-null', column: 'total charges', tokens: [''] },
          {
            id: 's2',
            enabled: false,
            recipe: 'impute',
            column: 'x',
            method: 'median',
            indicator: true,
            fitted: 1.5,
          },
          { id: 's3', enabled: true, recipe: 'merge-categories', column: 'y', mapping: { 'No ': 'No' } },
        ],
      },
      NOW,
    );
    const restored = load(JSON.parse(JSON.stringify(c)));
    expect(restored.case).toEqual(c);
    expect(restored.warnings).toEqual([]);
    expect(restored.case.cells.map((cell) => cell.reads)).toEqual([['churn'], ['churn']]);
  });

  it('leaves out a cleaning step it cannot read, and says so', () => {
    const raw = {
      schemaVersion: 1,
      id: 'case-x',
      title: 't',
      createdAt: NOW,
      updatedAt: NOW,
      cells: [
        {
          id: 'k',
          kind: 'clean',
          reads: ['a'],
          config: {
            input: 'a',
            output: 'b',
            steps: [
              { id: 's1', recipe: 'teleport', column: 'x' },
              { id: 's2', recipe: 'dedupe', mode: 'exact', __proto__: { polluted: true } },
              { id: 's2', recipe: 'dedupe', mode: 'exact' },
            ],
          },
        },
      ],
    };
    const { case: restored, warnings } = load(raw);
    const cell = restored.cells[0];
    expect(cell?.kind === 'clean' ? cell.config.steps : null).toEqual([
      { id: 's2', enabled: true, recipe: 'dedupe', mode: 'exact' },
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('cells[0].config.steps[0]');
    expect(
      invalid({ ...raw, cells: [{ ...raw.cells[0], config: { input: 'a', output: 'b', steps: 'all' } }] }),
    ).toContain('steps is not a list');
    expect(
      invalid({
        ...raw,
        cells: [{ id: 'p', kind: 'profile', reads: [], config: { input: 'a', sampleRows: 10 } }],
      }),
    ).toContain('sampleRows is below 1,000');
  });

  it('round-trips a chart cell and refuses a chart spec it cannot read', () => {
    let c: Case = createCase(asCaseId('case-g'), 'g', NOW);
    c = addCell(c, blankCell('chart', asCellId('g'), new Set()), 0, NOW);
    expect(load(JSON.parse(JSON.stringify(c))).case).toEqual(c);
    c = updateConfig(
      c,
      asCellId('g'),
      'chart',
      { input: 'churn', spec: { kind: 'histogram', column: 'monthly charges', bins: 20, facet: 'Contract' } },
      NOW,
    );
    expect(load(JSON.parse(JSON.stringify(c))).case).toEqual(c);
    const raw = JSON.parse(JSON.stringify(c));
    raw.cells[0].config.spec = { kind: 'histogram', column: 'x', bins: 0 };
    expect(invalid(raw)).toContain('bins is below 1');
    raw.cells[0].config.spec = { kind: 'pie', column: 'x' };
    expect(invalid(raw)).toContain('is not a chart kind');
  });

  it("keeps the report's summary and cells, drops cells that are gone, and loads cases without one", () => {
    const c = sampleCase();
    expect(load(JSON.parse(JSON.stringify(c))).case.report).toBeUndefined();
    const first = c.cells[0]?.id;
    if (first === undefined) throw new Error('the sample case has cells');
    const withReport = setReportSettings(
      c,
      { summary: 'We <b>recommend</b> it.', cells: [first, asCellId('gone')] },
      NOW,
    );
    const { case: loaded, warnings } = load(JSON.parse(JSON.stringify(withReport)));
    expect(warnings).toEqual([]);
    expect(loaded.report).toEqual({ summary: 'We <b>recommend</b> it.', cells: [first] });
    const all = setReportSettings(c, { summary: '', cells: null }, NOW);
    expect(load(JSON.parse(JSON.stringify(all))).case.report).toEqual({ summary: '', cells: null });
    expect(invalid({ ...JSON.parse(JSON.stringify(c)), report: { summary: 3 } })).toContain(
      'case.report.summary',
    );
  });
});
