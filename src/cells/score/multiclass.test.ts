import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textRows } from '../../data/testing/text-rows';
import type { ModelBundle } from '../../notebook/bundle/types';
import { championOf, penguinModels, type PenguinModels } from '../penguin-bundles';
import { cellOf, testContext } from '../testing';
import { scoreRunner } from './run';
import { scoreSummary } from './view';

/*
 * The score cell on a multiclass version: the Penguin species boosted trees (the train cell's
 * model, promoted as a format-2 bundle) score the sample's rows in chunks that split them. The
 * validation rows get the probabilities the train cell gave them (to 1e-6), one column per class;
 * `predicted` is the most probable class and `decision` the class of least expected cost under
 * the brief's cost matrix, as the evaluate cell decides.
 */

let penguins: PenguinModels;
let gbdt: ModelBundle;
let scores: Float32Array;

beforeAll(async () => {
  penguins = await penguinModels();
  const entry = penguins.bundles.find((b) => b.kind === 'gbdt');
  if (!entry?.scores) throw new Error('no boosted trees');
  gbdt = entry.bundle;
  scores = entry.scores;
}, 300_000);
afterAll(async () => {
  await penguins.engine.terminate();
});

describe('the score cell on a multiclass version', () => {
  it('writes a score column per class, the predicted class and the decided class, with the version', async () => {
    const { engine, trained } = penguins;
    const ctx = { ...testContext(engine, null, { models: championOf(gbdt) }), report: () => undefined };
    const out = await scoreRunner(100)(
      ctx,
      cellOf('score', { input: 'penguins', version: null, output: 'scored' }),
    );
    expect(out.rows).toBe(344);
    expect(out.model).toMatchObject({
      task: 'multiclass',
      classes: ['Adelie', 'Chinstrap', 'Gentoo'],
      rule: 'min-expected-cost',
    });
    expect(out.table.columns.map((c) => c.name)).toEqual([
      'row_id',
      'score_Adelie',
      'score_Chinstrap',
      'score_Gentoo',
      'predicted',
      'decision',
      'model_version',
    ]);
    const rows = await textRows(engine, 'SELECT * FROM scored ORDER BY row_id');
    const at = new Map(Array.from(trained.validationRowIds, (id, i) => [Number(id), i]));
    let worst = 0;
    const costs = gbdt.decision.costs ?? [];
    const classes = ['Adelie', 'Chinstrap', 'Gentoo'];
    for (const row of rows) {
      const p = classes.map((c) => Number(row[`score_${c}`]));
      expect(row['predicted']).toBe(classes[p.indexOf(Math.max(...p))]);
      const expected = [0, 1, 2].map((q) =>
        [0, 1, 2].reduce((s, t) => s + (p[t] ?? 0) * (costs[t]?.[q] ?? 0), 0),
      );
      expect(row['decision']).toBe(classes[expected.indexOf(Math.min(...expected))]);
      expect(row['model_version']).toBe('v1');
      const i = at.get(Number(row['row_id']));
      if (i !== undefined)
        p.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - (scores[3 * i + c] ?? NaN)))));
    }
    expect(worst).toBeLessThanOrEqual(1e-6);
    expect(out.acted).toBeNull();
    expect(out.decided?.reduce((s, n) => s + n, 0)).toBe(344);
    expect(scoreSummary(out)).toMatch(
      /: decided Adelie \d+, Chinstrap \d+, Gentoo \d+ \(least expected cost under the brief’s cost matrix\);/,
    );
  });
});
