import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScoringMatrix } from '../data/features/matrix';
import { scoringPlan } from '../data/score/plan';
import { readBundle } from '../notebook/bundle/read';
import { decideClassesOf, scoreClasses } from '../notebook/bundle/score';
import { penguinModels, type PenguinModels } from './penguin-bundles';

/*
 * The Penguin species sample's models as bundles (format 2): each reads back equal, and scoring
 * the sample's rows through the bundle — the feature SQL generated from its fitted spec, then the
 * model — gives the validation rows the probabilities the train cell gave them, to 1e-6 (the
 * train cell keeps them as float32). The models themselves are checked against scikit-learn in
 * src/ml/models.
 */

let penguins: PenguinModels;
beforeAll(async () => {
  penguins = await penguinModels();
}, 300_000);
afterAll(async () => {
  await penguins.engine.terminate();
});

describe('bundles of the Penguin species models', () => {
  it('holds every model with its classes in order and the brief’s cost matrix', () => {
    expect(penguins.bundles.map((b) => b.bundle.model.kind)).toEqual([
      'baseline',
      'logistic',
      'tree',
      'gbdt',
      'mlp',
    ]);
    for (const { bundle } of penguins.bundles) {
      expect(bundle.formatVersion).toBe(2);
      expect(bundle.model.task).toBe('multiclass');
      expect(bundle.model.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
      expect(bundle.decision.costs).toEqual([
        [0, 1, 1],
        [3, 0, 1],
        [1, 1, 0],
      ]);
    }
  });

  it('scores the validation rows as the train cell did, to 1e-6', async () => {
    const { engine, trained } = penguins;
    const at = new Map(Array.from(trained.validationRowIds, (id, i) => [id, i]));
    for (const { kind, text, scores } of penguins.bundles) {
      const bundle = await readBundle(text);
      const { sql, columns } = scoringPlan(bundle, 'penguins');
      const m = await readScoringMatrix(engine, sql, columns);
      expect(m.rows).toBe(344);
      const p = scoreClasses(bundle.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
      if (scores === null) continue;
      let compared = 0;
      let worst = 0;
      for (let r = 0; r < m.rows; r++) {
        const i = at.get(m.rowIds[r] ?? -1);
        if (i === undefined) continue;
        for (let c = 0; c < 3; c++)
          worst = Math.max(worst, Math.abs((p.data[3 * r + c] ?? NaN) - (scores[3 * i + c] ?? NaN)));
        compared += 1;
      }
      expect(compared, kind).toBe(86);
      expect(worst, kind).toBeLessThanOrEqual(1e-6);
      // The decision: the least expected cost under the brief's matrix, written out here.
      const decided = decideClassesOf(p, bundle.decision);
      const costs = bundle.decision.costs ?? [];
      for (let r = 0; r < m.rows; r++) {
        const expected = [0, 1, 2].map((q) =>
          [0, 1, 2].reduce((s, t) => s + (p.data[3 * r + t] ?? 0) * (costs[t]?.[q] ?? 0), 0),
        );
        expect(decided[r], `${kind} row ${r}`).toBe(expected.indexOf(Math.min(...expected)));
      }
    }
  });
});
