import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../engine';
import { createNodeEngine } from '../testing/node-engine';
import { profileTable } from './index';
import type { ColumnProfile, TableProfile } from './types';

let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});

function column(profile: TableProfile, name: string): ColumnProfile {
  const found = profile.columns.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no column ${name}`);
  return found;
}

describe('profileTable on a small table', () => {
  it('counts, blanks, placeholders', async () => {
    await engine.exec(`CREATE OR REPLACE TABLE small AS SELECT * FROM (VALUES
      (1, 'a', ' 1.5', 'Yes', '01/02/2020'),
      (2, 'N/A', '2', 'No', '13/02/2020'),
      (3, '', 'x', 'yes', '31/12/2021'),
      (NULL, 'b', NULL, 'No', 'nope'),
      (5, 'No phone service', '7', 'Y', '01/01/2000')
    ) AS v(id, name, amount, flag, day)`);
    const p = await profileTable(engine, 'small', { sampleRows: 1000 });
    console.log(JSON.stringify(p, null, 1));
    expect(p.rowCount).toBe(5);
    expect(column(p, 'name').missing.blanks).toBe(1);
  });
});
