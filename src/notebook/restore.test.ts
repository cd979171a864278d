import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { asCaseId, asCellId } from './ids';
import { addCell, blankCell, createCase, updateConfig } from './ops';
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
});
