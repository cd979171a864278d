import { cellTitle } from './cell';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { asCaseId, asCellId } from './ids';
import {
  addCell,
  addCellBelow,
  attachFile,
  blankCell,
  createCase,
  defaultConfig,
  deleteCell,
  duplicateCase,
  findCell,
  moveCell,
  newCell,
  outputsOf,
  parsedSql,
  renameCase,
  setReads,
  updateConfig,
} from './ops';
import { tableNameFor, uniqueName } from './names';
import { LATER, NOW, deepFreeze, idSequence, sampleCase } from './test-helpers';
import type { Case } from './types';

const id = asCellId;
const ids = (c: Case): string[] => c.cells.map((cell) => cell.id);

function internalError(run: () => unknown): string {
  try {
    run();
  } catch (e: unknown) {
    expect(e).toBeInstanceOf(AppError);
    if (e instanceof AppError) {
      expect(e.code).toBe('internal');
      return e.message;
    }
  }
  throw new Error('expected AppError(internal)');
}

describe('case operations', () => {
  it('creates a case with a trimmed title, or "Untitled case"', () => {
    expect(createCase(asCaseId('x'), '  ', NOW)).toEqual({
      schemaVersion: 1,
      id: 'x',
      title: 'Untitled case',
      cells: [],
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(createCase(asCaseId('x'), ' Churn ', NOW).title).toBe('Churn');
  });

  it('renames without touching the original', () => {
    const c = deepFreeze(createCase(asCaseId('x'), 'A', NOW));
    const renamed = renameCase(c, ' Pricing ', LATER);
    expect(renamed).toMatchObject({ title: 'Pricing', updatedAt: LATER, createdAt: NOW });
    expect(renameCase(c, '', LATER).title).toBe('Untitled case');
    expect(c.title).toBe('A');
  });

  it('duplicates a case with fresh cell ids and the same content', () => {
    const c = deepFreeze(sampleCase());
    const copy = duplicateCase(c, asCaseId('case-2'), LATER, idSequence('n'));
    expect(copy).toMatchObject({ id: 'case-2', title: 'Copy of Churn', createdAt: LATER, updatedAt: LATER });
    expect(ids(copy)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(copy.cells.map(({ kind, config, reads }) => ({ kind, config, reads }))).toEqual(
      c.cells.map(({ kind, config, reads }) => ({ kind, config, reads })),
    );
    expect(ids(c)).toEqual(['s1', 'q1', 'q2', 'm1']);
  });

  it('a duplicate keeps the report’s summary and its choice of cells, under the new ids', () => {
    const c = deepFreeze({ ...sampleCase(), report: { summary: 'Why', cells: [id('q2'), id('s1')] } });
    const copy = duplicateCase(c, asCaseId('case-2'), LATER, idSequence('n'));
    expect(copy.report).toEqual({ summary: 'Why', cells: ['n3', 'n1'] });
  });
});

describe('new cells', () => {
  it('name an imported file’s table after the file: a plain SQL name, unique in the case', () => {
    expect(tableNameFor('Customer List (2024).csv', new Set())).toBe('customer_list_2024');
    expect(tableNameFor('orders.csv', new Set(['ORDERS', 'orders_2']))).toBe('orders_3');
    expect(tableNameFor('2024 sales.parquet', new Set())).toBe('t_2024_sales');
    expect(tableNameFor('Café.csv', new Set())).toBe('cafe');
    expect(tableNameFor('(((.csv', new Set())).toBe('source');
    expect(tableNameFor('data.tar.gz', new Set())).toBe('data_tar');
  });

  it('have default configs with unique outputs, compared case-insensitively', () => {
    expect(uniqueName('table', new Set(['TABLE_1', 'table_2']))).toBe('table_3');
    expect(defaultConfig('markdown', new Set())).toEqual({ text: '' });
    expect(defaultConfig('sql', new Set(['table_1']))).toEqual({
      sql: 'SELECT 1',
      output: 'table_2',
      materialize: 'table',
    });
    expect(defaultConfig('source', new Set(['Source_1', 'source_3']))).toEqual({
      output: 'source_2',
      file: null,
      note: '',
      csv: { delimiter: 'auto', header: true, skipBadRows: false },
    });
  });

  it('split by time when the brief above orders rows in time (time-aware by default)', () => {
    const brief = newCell('brief', id('b1'), new Set());
    const timed = { ...brief, config: { ...brief.config, timeColumn: 'date' } };
    expect(defaultConfig('features', new Set(), [timed]).split).toEqual({
      kind: 'time',
      column: 'date',
      cutoff: '',
    });
    expect(defaultConfig('features', new Set(), [brief]).split.kind).toBe('stratified');
  });

  it('a features cell starts from the brief’s table, so that its title names it', () => {
    const brief = newCell('brief', id('b1'), new Set());
    const briefed = { ...brief, config: { ...brief.config, input: 'sales' } };
    const features = newCell('features', id('f1'), new Set(), [briefed]);
    expect(features.config.input).toBe('sales');
    expect(features.reads).toEqual(['sales']);
    expect(cellTitle(features)).toBe('Features of sales → features_1');
    expect(defaultConfig('features', new Set(), []).input).toBe('');
  });

  it('a train cell trains on the table of the last features cell above it', () => {
    const features = newCell('features', id('f1'), new Set(['features']));
    const train = newCell('train', id('t1'), new Set(), [features]);
    expect(train.config.input).toBe('features_1');
    expect(train.reads).toEqual(['features_1']);
    expect(defaultConfig('train', new Set(), []).input).toBe('');
  });

  it('read nothing yet, whether the kind is known statically or not', () => {
    const c = sampleCase();
    expect(newCell('sql', id('q9'), outputsOf(c))).toEqual({
      id: 'q9',
      kind: 'sql',
      reads: [],
      config: { sql: 'SELECT 1', output: 'table_1', materialize: 'table' },
    });
    const source = blankCell('source', id('s9'), new Set(['source_1']));
    expect(source).toMatchObject({ kind: 'source', reads: [], config: { output: 'source_2' } });
  });

  it('outputsOf lists what source and SQL cells write, not markdown', () => {
    expect(outputsOf(sampleCase())).toEqual(new Set(['customers', 'active', 'summary']));
  });
});

describe('cell operations', () => {
  it('add at a clamped index and refuse an id the case already has', () => {
    const c = deepFreeze(sampleCase());
    expect(ids(addCell(c, newCell('markdown', id('x'), new Set()), 99, LATER)).at(-1)).toBe('x');
    expect(ids(addCell(c, newCell('markdown', id('x'), new Set()), -5, LATER))[0]).toBe('x');
    expect(ids(addCell(c, newCell('markdown', id('x'), new Set()), 1.7, LATER))[1]).toBe('x');
    expect(ids(addCell(c, newCell('markdown', id('x'), new Set()), NaN, LATER)).at(-1)).toBe('x');
    expect(addCell(c, newCell('markdown', id('x'), new Set()), 0, LATER).updatedAt).toBe(LATER);
    expect(internalError(() => addCell(c, newCell('markdown', id('q1'), new Set()), 0, LATER))).toMatch(
      /already has a cell q1/,
    );
  });

  it('add a cell with its config just below another, in one edit; at the end when that one is gone', () => {
    const c = deepFreeze(sampleCase());
    const config = { sql: 'SELECT 1', output: 'one', materialize: 'table' } as const;
    const below = addCellBelow(c, id('q1'), id('n1'), 'sql', config, LATER);
    expect(ids(below)).toEqual(['s1', 'q1', 'n1', 'q2', 'm1']);
    expect(findCell(below, id('n1'))).toEqual({ id: 'n1', kind: 'sql', config, reads: [] });
    expect(below.updatedAt).toBe(LATER);
    expect(ids(c)).toEqual(['s1', 'q1', 'q2', 'm1']);
    const atEnd = addCellBelow(c, id('gone'), id('n1'), 'sql', config, LATER);
    expect(ids(atEnd)).toEqual(['s1', 'q1', 'q2', 'm1', 'n1']);
    expect(internalError(() => addCellBelow(c, id('q1'), id('q2'), 'sql', config, LATER))).toMatch(
      /already has a cell q2/,
    );
  });

  it('a cell added below reads what its config names', () => {
    const config = { ...defaultConfig('evaluate', new Set()), input: 'scored' };
    const c = addCellBelow(sampleCase(), id('s1'), id('e1'), 'evaluate', config, LATER);
    expect(findCell(c, id('e1'))).toMatchObject({ kind: 'evaluate', config, reads: ['scored'] });
    expect(ids(c)).toEqual(['s1', 'e1', 'q1', 'q2', 'm1']);
  });

  it('move a cell to its new index, clamped', () => {
    const c = deepFreeze(sampleCase());
    expect(ids(moveCell(c, id('m1'), 0, LATER))).toEqual(['m1', 's1', 'q1', 'q2']);
    expect(ids(moveCell(c, id('s1'), 2, LATER))).toEqual(['q1', 'q2', 's1', 'm1']);
    expect(ids(moveCell(c, id('s1'), 100, LATER))).toEqual(['q1', 'q2', 'm1', 's1']);
    expect(ids(moveCell(c, id('q2'), -3, LATER))).toEqual(['q2', 's1', 'q1', 'm1']);
    expect(moveCell(c, id('q2'), 0, LATER).updatedAt).toBe(LATER);
    expect(internalError(() => moveCell(c, id('nope'), 0, LATER))).toMatch(/No cell nope/);
  });

  it('delete a cell, and refuse an unknown one', () => {
    const c = deepFreeze(sampleCase());
    const deleted = deleteCell(c, id('q1'), LATER);
    expect(ids(deleted)).toEqual(['s1', 'q2', 'm1']);
    expect(findCell(deleted, id('q1'))).toBeUndefined();
    expect(deleted.updatedAt).toBe(LATER);
    expect(internalError(() => deleteCell(c, id('nope'), LATER))).toMatch(/No cell nope/);
  });

  it('update the config of a cell of the right kind, and refuse another kind', () => {
    const c = deepFreeze(sampleCase());
    const updated = updateConfig(c, id('q1'), 'sql', { materialize: 'view' }, LATER);
    expect(findCell(updated, id('q1'))?.config).toEqual({
      sql: 'SELECT * FROM customers',
      output: 'active',
      materialize: 'view',
    });
    expect(updated.updatedAt).toBe(LATER);
    expect(findCell(c, id('q1'))?.config).toMatchObject({ materialize: 'table' });
    expect(internalError(() => updateConfig(c, id('q1'), 'markdown', { text: 'x' }, LATER))).toMatch(
      /not a markdown cell/,
    );
    expect(internalError(() => updateConfig(c, id('nope'), 'sql', { sql: 'x' }, LATER))).toMatch(/No cell/);
  });

  it('keep the shape of a config whatever the patch carries', () => {
    const c = sampleCase();
    const wide = { sql: 'SELECT 2', output: undefined, extra: 1 };
    const updated = updateConfig(c, id('q1'), 'sql', wide, LATER);
    expect(findCell(updated, id('q1'))?.config).toEqual({
      sql: 'SELECT 2',
      output: 'active',
      materialize: 'table',
    });
    const hostile: unknown = JSON.parse('{"__proto__": {"polluted": 1}, "text": "hi"}');
    const m = updateConfig(c, id('m1'), 'markdown', hostile instanceof Object ? hostile : {}, LATER);
    expect(findCell(m, id('m1'))?.config).toEqual({ text: 'hi' });
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
  });

  it('record the tables a cell reads, without duplicates, in order', () => {
    const c = deepFreeze(sampleCase());
    const updated = setReads(c, id('q2'), ['active', 'customers', 'active'], LATER);
    expect(findCell(updated, id('q2'))?.reads).toEqual(['active', 'customers']);
    expect(updated.updatedAt).toBe(LATER);
    expect(findCell(c, id('q2'))?.reads).toEqual(['active']);
  });
});

describe('what the kinds registry decides', () => {
  const file = {
    sha256: 'b'.repeat(64),
    name: 'Orders 2024.csv',
    sizeBytes: 5,
    format: 'csv',
    importedAt: NOW,
  } as const;

  it('puts a file into a source, which takes its table name while it has the placeholder', () => {
    let c = addCell(createCase(asCaseId('f'), 'F', NOW), newCell('source', id('s1'), new Set()), 0, NOW);
    c = attachFile(deepFreeze(c), id('s1'), file, LATER);
    expect(findCell(c, id('s1'))?.config).toMatchObject({ file, output: 'orders_2024' });
    const renamed = updateConfig(c, id('s1'), 'source', { output: 'orders' }, LATER);
    const again = attachFile(renamed, id('s1'), { ...file, name: 'other.csv' }, LATER);
    expect(findCell(again, id('s1'))?.config).toMatchObject({ output: 'orders' });
  });

  it('names the table of an imported file after it, apart from the tables the case has', () => {
    let c = addCell(sampleCase(), newCell('source', id('s2'), new Set()), 4, NOW);
    c = attachFile(c, id('s2'), { ...file, name: 'Customers.csv' }, LATER);
    expect(findCell(c, id('s2'))?.config).toMatchObject({ output: 'customers_2' });
  });

  it('refuses a file for a kind that takes none', () => {
    const c = sampleCase();
    expect(internalError(() => attachFile(c, id('q1'), file, LATER))).toMatch(/sql cell takes no file/);
  });

  it('gives the SQL to parse for the cells whose reads the parser finds, and null for the others', () => {
    const c = sampleCase();
    expect(c.cells.map(parsedSql)).toEqual([
      null,
      'SELECT * FROM customers',
      'SELECT count(*) FROM active',
      null,
    ]);
  });

  it('points a new evaluate cell at the predictions of the last train cell above it', () => {
    const taken = new Set<string>();
    const trainA = {
      ...newCell('train', id('t1'), taken),
      config: { ...defaultConfig('train', taken), output: 'pred_a' },
    };
    const trainB = {
      ...newCell('train', id('t2'), taken),
      config: { ...defaultConfig('train', taken), output: 'pred_b' },
    };
    const evaluate = blankCell('evaluate', id('e1'), taken, [trainA, trainB]);
    expect(evaluate).toMatchObject({ kind: 'evaluate', config: { input: 'pred_b' }, reads: ['pred_b'] });
    expect(blankCell('evaluate', id('e2'), taken, [])).toMatchObject({ config: { input: 'predictions' } });
  });
});
