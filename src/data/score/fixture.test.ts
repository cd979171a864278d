import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../notebook/bundle/read';
import { scoreRows } from '../../notebook/bundle/score';
import { wasmEngine } from '../features/test-helpers';
import type { SqlEngine } from '../engine';
import { readScoringMatrix } from '../features/matrix';
import { scoringPlan } from './plan';
import { exampleTableSql } from './profile';
import { telcoModels } from './testing';

/*
 * A bundle written by format 1, committed: every later Casebook must read it and score its
 * example rows to the scores recorded when it was written. Never regenerate it to make this test
 * pass; a new format gets a new fixture beside this one. (It was written with
 * CASEBOOK_WRITE_BUNDLE_FIXTURE=1 npx vitest run src/data/score/fixture.test.ts.)
 */

const FIXTURE = fileURLToPath(new URL('./fixtures/telco-gbdt-v1.casebook-model.json', import.meta.url));
const EXPECTED = fileURLToPath(new URL('./fixtures/telco-gbdt-v1.expected.json', import.meta.url));

async function exampleScores(engine: SqlEngine, text: string): Promise<number[]> {
  const bundle = await readBundle(text);
  await engine.exec(exampleTableSql(bundle.input, 'example'));
  const { sql, columns } = scoringPlan(bundle, 'example');
  const m = await readScoringMatrix(engine, sql, columns);
  return Array.from(scoreRows(bundle.model.artifact, { data: m.x, rows: m.rows, cols: m.features }));
}

describe('the committed format-1 bundle', () => {
  it.runIf(process.env['CASEBOOK_WRITE_BUNDLE_FIXTURE'] === '1')(
    'is written from Telco boosted trees',
    async () => {
      const telco = await telcoModels(['gbdt']);
      const text = telco.bundles[0]?.text ?? '';
      writeFileSync(FIXTURE, text);
      writeFileSync(
        EXPECTED,
        `${JSON.stringify({ scores: await exampleScores(telco.engine, text) }, null, 2)}\n`,
      );
    },
    300_000,
  );

  it('still reads, and scores its example rows as when it was written', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const bundle = await readBundle(text);
    expect(bundle.formatVersion).toBe(1);
    expect(bundle.sha256).toBe('d3bff08db772142796eddfdfb6bafa694c000f2f5650286ffd56dfcdb2a55fcb');
    expect(bundle.model).toMatchObject({ kind: 'gbdt', task: 'binary', version: 1 });
    expect(bundle.model.featureNames).toHaveLength(76);
    expect(bundle.input.example.rows).toHaveLength(5);
    const expected: unknown = JSON.parse(readFileSync(EXPECTED, 'utf8'));
    const engine = await wasmEngine('SELECT 1');
    expect({ scores: await exampleScores(engine, text) }).toEqual(expected);
  });
});
