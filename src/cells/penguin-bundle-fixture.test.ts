import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SqlEngine } from '../data/engine';
import { wasmEngine } from '../data/features/test-helpers';
import { readScoringMatrix } from '../data/features/matrix';
import { scoringPlan } from '../data/score/plan';
import { exampleTableSql } from '../data/score/profile';
import { readBundle } from '../notebook/bundle/read';
import { decideClassesOf, scoreClasses } from '../notebook/bundle/score';
import { penguinModels } from './penguin-bundles';

/*
 * A bundle written by format 2, committed beside the format-1 one: the Penguin species softmax
 * logistic regression. Every later Casebook must read it and score its example rows to the
 * probabilities and decided classes recorded when it was written. Never regenerate it to make
 * this test pass. (Written with CASEBOOK_WRITE_BUNDLE_FIXTURE=1 npx vitest run
 * src/cells/penguin-bundle-fixture.test.ts.)
 */

const FIXTURES = new URL('../data/score/fixtures/', import.meta.url);
const FIXTURE = fileURLToPath(new URL('penguins-logistic-v2.casebook-model.json', FIXTURES));
const EXPECTED = fileURLToPath(new URL('penguins-logistic-v2.expected.json', FIXTURES));

async function exampleScores(engine: SqlEngine, text: string) {
  const bundle = await readBundle(text);
  await engine.exec(exampleTableSql(bundle.input, 'example'));
  const { sql, columns } = scoringPlan(bundle, 'example');
  const m = await readScoringMatrix(engine, sql, columns);
  const p = scoreClasses(bundle.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
  return { probabilities: Array.from(p.data), decided: Array.from(decideClassesOf(p, bundle.decision)) };
}

describe('the committed format-2 bundle', () => {
  it.runIf(process.env['CASEBOOK_WRITE_BUNDLE_FIXTURE'] === '1')(
    'is written from the Penguin species logistic regression',
    async () => {
      const penguins = await penguinModels();
      const text = penguins.bundles.find((b) => b.kind === 'logistic-multiclass')?.text ?? '';
      writeFileSync(FIXTURE, text);
      writeFileSync(EXPECTED, `${JSON.stringify(await exampleScores(penguins.engine, text), null, 2)}\n`);
    },
    300_000,
  );

  it('still reads, and scores its example rows as when it was written', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const bundle = await readBundle(text);
    expect(bundle.formatVersion).toBe(2);
    expect(bundle.model).toMatchObject({
      kind: 'logistic',
      task: 'multiclass',
      version: 1,
      classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    });
    expect(bundle.input.example.rows).toHaveLength(5);
    const expected: unknown = JSON.parse(readFileSync(EXPECTED, 'utf8'));
    const engine = await wasmEngine('SELECT 1');
    expect(await exampleScores(engine, text)).toEqual(expected);
  });
});
