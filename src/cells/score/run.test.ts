import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from '../../data/engine';
import { exampleTableSql } from '../../data/score/profile';
import { createNodeEngine } from '../../data/testing/node-engine';
import { AppError } from '../../lib/errors';
import { readBundle } from '../../notebook/bundle/read';
import type { ModelBundle } from '../../notebook/bundle/types';
import { asCaseId } from '../../notebook/ids';
import type { ModelStage, VersionState } from '../../notebook/registry';
import { cellOf, testContext } from '../testing';
import type { ModelsPort, RunContext } from '../types';
import { chooseVersion } from '../shared/versions';
import type { ScoreProgress } from './result';
import { runScore, scoreRunner } from './run';

/*
 * The score cell against the committed format-1 bundle (src/data/score/fixtures): its example
 * rows must score to the scores recorded when the bundle was written (the reference), whatever
 * chunk they fall in; the input check's findings come through; and each way of having no model
 * says what to do.
 */

const FIXTURES = new URL('../../data/score/fixtures/', import.meta.url);
const TEXT = readFileSync(fileURLToPath(new URL('telco-gbdt-v1.casebook-model.json', FIXTURES)), 'utf8');
const EXPECTED = z(
  JSON.parse(readFileSync(fileURLToPath(new URL('telco-gbdt-v1.expected.json', FIXTURES)), 'utf8')),
);

function z(raw: unknown): number[] {
  if (typeof raw !== 'object' || raw === null || !('scores' in raw) || !Array.isArray(raw.scores))
    throw new Error('bad fixture');
  return raw.scores.map(Number);
}

function state(version: number, stage: ModelStage): VersionState {
  const id = `mv-${version}`;
  const caseId = asCaseId('case-1');
  return {
    version: {
      id,
      caseId,
      version,
      createdAt: '2026-01-01T00:00:00.000Z',
      source: 'imported',
      runId: null,
      name: 'Telco',
      kind: 'gbdt',
      task: 'binary',
      bundleSha256: '0'.repeat(64),
      importedFrom: null,
    },
    stage,
    since: {
      id: `ev-${version}`,
      caseId,
      versionId: id,
      seq: version,
      stage,
      at: '',
      by: 'me',
      why: '',
      evaluation: null,
    },
  };
}

function models(versions: readonly VersionState[], bundles: ReadonlyMap<string, ModelBundle>): ModelsPort {
  return {
    versions: () => Promise.resolve(versions),
    bundle: (id) => {
      const b = bundles.get(id);
      return b
        ? Promise.resolve(b)
        : Promise.reject(new AppError('storage', `The bundle of model version ${id} is not stored.`));
    },
  };
}

/** A runner's context with this registry; what it reports goes to `reports`. */
function context(port: ModelsPort, reports: ScoreProgress[] = []): RunContext<ScoreProgress> {
  return { ...testContext(engine, null, { models: port }), report: (p: ScoreProgress) => reports.push(p) };
}

let engine: SqlEngine;
let bundle: ModelBundle;
const config = { input: 'batch', version: null, output: 'scores' };

beforeAll(async () => {
  engine = await createNodeEngine();
  bundle = await readBundle(TEXT);
  await engine.exec(exampleTableSql(bundle.input, 'example'));
  // 5 example rows repeated 3 times: 15 rows, so that a chunk of 4 splits them across chunks.
  await engine.exec(
    'CREATE TABLE batch AS SELECT * FROM example UNION ALL SELECT * FROM example UNION ALL SELECT * FROM example',
  );
}, 60_000);
afterAll(() => engine.terminate());

describe('the score cell', () => {
  it('scores the committed bundle’s example rows as when it was written, into the predictions table', async () => {
    const reports: ScoreProgress[] = [];
    const ctx = context(models([state(1, 'champion')], new Map([['mv-1', bundle]])), reports);
    const out = await scoreRunner(4)(ctx, cellOf('score', config));
    expect(out.rows).toBe(15);
    expect(out.model).toMatchObject({ version: 1, stage: 'champion', kind: 'gbdt' });
    expect(out.report.blocked).toBe(false);
    const table = await engine.query(
      'SELECT row_id, score, decision, model_version FROM scores ORDER BY row_id',
    );
    const scores = Array.from(table.getChild('score')?.toArray() ?? [], Number);
    const expected = [...EXPECTED, ...EXPECTED, ...EXPECTED];
    scores.forEach((s, i) => expect(s).toBeCloseTo(expected[i] ?? NaN, 12));
    expect(table.getChild('model_version')?.get(0)).toBe('v1');
    const threshold = bundle.decision.threshold;
    const decisions = Array.from({ length: 15 }, (_, i) => table.getChild('decision')?.get(i));
    expect(decisions).toEqual(expected.map((s) => (threshold === null ? false : s >= threshold)));
    expect(reports.filter((r) => r.stage === 'scoring').map((r) => r.rows)).toEqual([4, 8, 12, 15]);
  });

  it('encodes an unseen payment method as "other" and flags it, with its count', async () => {
    await engine.exec(
      `CREATE OR REPLACE TABLE planted AS SELECT * REPLACE (CASE WHEN row_number() OVER () <= 2 THEN 'Digital wallet' ELSE "PaymentMethod" END AS "PaymentMethod") FROM example`,
    );
    const ctx = context(models([state(1, 'champion')], new Map([['mv-1', bundle]])));
    const out = await runScore(
      ctx,
      cellOf('score', { ...config, input: 'planted', output: 'planted_scores' }),
    );
    const unseen = out.report.problems.find((p) => p.kind === 'unseen-category');
    expect(unseen).toMatchObject({
      column: 'PaymentMethod',
      rows: 2,
      action: 'other',
      values: [{ value: 'Digital wallet', rows: 2 }],
    });
    expect(out.rows).toBe(5);
  });

  it('stops on a missing column, naming it, and writes nothing', async () => {
    await engine.exec('CREATE OR REPLACE TABLE lacking AS SELECT * EXCLUDE ("Contract") FROM example');
    const ctx = context(models([state(1, 'champion')], new Map([['mv-1', bundle]])));
    const run = runScore(ctx, cellOf('score', { ...config, input: 'lacking', output: 'lacking_scores' }));
    await expect(run).rejects.toThrow(/Nothing was scored[\s\S]*"Contract" is missing/);
    await expect(engine.query('SELECT * FROM lacking_scores')).rejects.toThrow();
  });

  it('says what to do with no champion, a version that is not there, and a bundle that is missing', async () => {
    const none = context(models([], new Map()));
    await expect(runScore(none, cellOf('score', config))).rejects.toThrow(/no champion model and no version/);
    const candidate = context(models([state(1, 'candidate')], new Map()));
    await expect(runScore(candidate, cellOf('score', config))).rejects.toThrow(
      /no champion model. Make one of its versions \(v1\)/,
    );
    await expect(runScore(candidate, cellOf('score', { ...config, version: 3 }))).rejects.toThrow(
      /no model version v3 \(it has v1\)/,
    );
    await expect(runScore(candidate, cellOf('score', { ...config, version: 1 }))).rejects.toThrow(
      /The bundle of model v1 cannot be read: The bundle of model version mv-1 is not stored\. Pick another version/,
    );
  });

  it('picks the named version over the champion', () => {
    const versions = [state(1, 'retired'), state(2, 'champion')];
    expect(chooseVersion(versions, 1)).toBe(versions[0]);
    expect(chooseVersion(versions, null)).toBe(versions[1]);
  });
});
