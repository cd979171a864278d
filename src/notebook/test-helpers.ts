import { asCaseId, asCellId, type CellId } from './ids';
import { addCell, createCase, newCell, updateConfig } from './ops';
import type { Case, Cell } from './types';

export const NOW = '2026-01-02T03:04:05.000Z';
export const LATER = '2026-01-02T04:00:00.000Z';

/** Cell ids c1, c2, … in the order they are asked for. */
export function idSequence(prefix = 'c'): () => CellId {
  let n = 0;
  return () => asCellId(`${prefix}${++n}`);
}

export function sqlCell(id: string, output: string, sql: string, reads: readonly string[]): Cell {
  return { id: asCellId(id), kind: 'sql', reads, config: { sql, output, materialize: 'table' } };
}

export const SHA_A = 'a'.repeat(64);

/** A case with a source, two SQL cells reading from it, and a note. */
export function sampleCase(): Case {
  let c = createCase(asCaseId('case-1'), 'Churn', NOW);
  const source = newCell('source', asCellId('s1'), new Set());
  c = addCell(c, source, 0, NOW);
  c = updateConfig(
    c,
    source.id,
    'source',
    {
      output: 'customers',
      note: 'CRM',
      file: { sha256: SHA_A, name: 'customers.csv', sizeBytes: 10, format: 'csv', importedAt: NOW },
    },
    NOW,
  );
  c = addCell(c, sqlCell('q1', 'active', 'SELECT * FROM customers', ['customers']), 1, NOW);
  c = addCell(c, sqlCell('q2', 'summary', 'SELECT count(*) FROM active', ['active']), 2, NOW);
  c = addCell(c, { id: asCellId('m1'), kind: 'markdown', reads: [], config: { text: '# Notes' } }, 3, NOW);
  return c;
}

/** Freezes a value and everything in it, so that a test fails if an operation mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze(Reflect.get(value, key));
    Object.freeze(value);
  }
  return value;
}
