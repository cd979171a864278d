import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../data/engine';
import { createNodeEngine } from '../data/testing/node-engine';
import { asCaseId, asCellId } from '../notebook/ids';
import { addCell, createCase, newCell, updateConfig } from '../notebook/ops';
import type { Case } from '../notebook/types';
import { caseScript } from './pipeline';

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(
    "CREATE TABLE people AS SELECT * FROM (VALUES (' Ann ', 1), ('Bob', NULL)) AS t(name, n)",
  );
});
afterAll(() => engine.terminate());

const NOW = '2026-01-02T03:04:05.000Z';
const id = asCellId;

/** A source with its file, a SQL cell on it, a clean cell on a table that exists and one on a table that does not, a features cell. */
function prepared(): Case {
  let c = createCase(asCaseId('p'), 'Prep', NOW);
  const cells = [
    newCell('source', id('s1'), new Set()),
    newCell('sql', id('q1'), new Set(['source_1'])),
    newCell('clean', id('k1'), new Set()),
    newCell('clean', id('k2'), new Set(['clean_1'])),
    newCell('features', id('f1'), new Set()),
    newCell('markdown', id('m1'), new Set()),
  ];
  cells.forEach((cell, i) => (c = addCell(c, cell, i, NOW)));
  const file = {
    sha256: 'a'.repeat(64),
    name: 'people.csv',
    sizeBytes: 10,
    format: 'csv',
    importedAt: NOW,
  } as const;
  c = updateConfig(c, id('s1'), 'source', { output: 'raw', file }, NOW);
  c = updateConfig(c, id('q1'), 'sql', { sql: 'SELECT * FROM raw', output: 'kept' }, NOW);
  const trim = { id: 'a', enabled: true, recipe: 'trim', column: 'name' } as const;
  c = updateConfig(c, id('k1'), 'clean', { input: 'people', output: 'people_clean', steps: [trim] }, NOW);
  c = updateConfig(c, id('k2'), 'clean', { input: 'nowhere', output: 'nowhere_clean', steps: [trim] }, NOW);
  return c;
}

describe('the case as one SQL script', () => {
  it('writes each kind’s statement in graph order and names the tables it leaves out', async () => {
    const script = await caseScript(prepared(), engine, '0.1.0', NOW);
    const statements = script.split('\n').filter((line) => line.startsWith('CREATE'));
    expect(statements).toEqual([
      'CREATE OR REPLACE TABLE "raw" AS SELECT * FROM read_csv(\'people.csv\', header = true);',
      'CREATE OR REPLACE TABLE "kept" AS',
      'CREATE OR REPLACE TABLE "people_clean" AS',
    ]);
    expect(script).toContain('-- Clean cell: 1 step on people');
    // The clean cell whose input is not there, and the features (modelling, not preparation).
    expect(script).toContain('-- Left out, not runnable in the notebook yet: nowhere_clean, features_1');
  });
});
