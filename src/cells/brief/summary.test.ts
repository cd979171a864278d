import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeTarget } from '../../data/brief';
import type { SqlEngine } from '../../data/engine';
import { createNodeEngine } from '../../data/testing/node-engine';
import { defaultConfig } from '../../notebook/ops';
import type { BriefConfig } from '../../notebook/types';
import { multiclassSummaryText } from './summary';

// Counted by hand: 6 birds of 3 species, 2 with no species.
let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(`CREATE TABLE birds AS SELECT * FROM (VALUES
    ('Adelie'), ('Adelie'), ('Adelie'), ('Gentoo'), ('Gentoo'), ('Chinstrap'), (NULL), (NULL)) AS v(species);
    CREATE TABLE tagged AS SELECT * FROM birds WHERE species IS NOT NULL;`);
});
afterAll(() => engine.terminate());

async function line(input: string): Promise<string> {
  const brief: BriefConfig = {
    ...defaultConfig('brief', new Set()),
    input,
    target: 'species',
    task: 'multiclass',
    metric: 'macro_f1',
  };
  const summary = await summarizeTarget(engine, brief);
  if (summary.task !== 'multiclass') throw new Error('multiclass expected');
  return multiclassSummaryText(summary);
}

describe('the multiclass brief line', () => {
  it('says how many rows have no class (NULL), that they are left out and how to fix it', async () => {
    expect(await line('birds')).toBe(
      'Multiclass: 3 classes in 8 rows; "Adelie": 3, "Gentoo": 2, "Chinstrap": 1. 2 rows have no class (NULL): they are left out of training and evaluation; give them a class in a clean cell if they have one. Baseline (majority class (Adelie)): accuracy 50.0%, cost 500 per 1,000 cases.',
    );
  });

  it('says nothing of missing classes when every row has one', async () => {
    const text = await line('tagged');
    expect(text).not.toContain('no class');
    expect(text).toBe(
      'Multiclass: 3 classes in 6 rows; "Adelie": 3, "Gentoo": 2, "Chinstrap": 1. Baseline (majority class (Adelie)): accuracy 50.0%, cost 500 per 1,000 cases.',
    );
  });
});
