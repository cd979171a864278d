import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinModels, PENGUINS_CSV, type PenguinModels } from '../src/cells/penguin-bundles';
import { readScoringMatrix } from '../src/data/features/matrix';
import { scoringPlan } from '../src/data/score/plan';
import { decideClassesOf, mostProbable, scoreClasses } from '../src/notebook/bundle/score';
import { main } from './main';

/*
 * The command line against the app on multiclass bundles (format 2): the Penguin species models
 * (softmax logistic, tree, boosted trees, the majority baseline, a softmax network) score the
 * sample's rows in native DuckDB as the app's own `predictProba` scores the app's Float32 matrix
 * (DuckDB-WASM): one column per class within 1e-6, and the same predicted and decided classes.
 */

const CLASSES = ['Adelie', 'Chinstrap', 'Gentoo'];
let penguins: PenguinModels;
let dir: string;

interface Scored {
  row_id: number;
  scores: number[];
  predicted: string | null;
  decision: string | null;
  model_version: string;
}

async function scoredRows(out: string): Promise<{ columns: string[]; rows: Scored[] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(`SELECT * FROM '${out}'`);
    const rows = reader.getRowObjectsJS().map((r) => ({
      row_id: Number(r['row_id']),
      scores: CLASSES.map((c) => Number(r[`score_${c}`])),
      predicted: r['predicted'] === null ? null : String(r['predicted']),
      decision: r['decision'] === null ? null : String(r['decision']),
      model_version: String(r['model_version']),
    }));
    return { columns: reader.columnNames(), rows };
  } finally {
    conn.closeSync();
  }
}

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(args, { stdout: () => undefined, stderr: (t) => (stderr += t), tty: false });
  return { code, stderr };
}

beforeAll(async () => {
  penguins = await penguinModels();
  dir = mkdtempSync(join(tmpdir(), 'casebook-cli-mc-'));
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(
    `COPY (SELECT * EXCLUDE (species) FROM read_csv('${fileURLToPath(PENGUINS_CSV)}')) TO '${join(dir, 'penguins.parquet')}' (FORMAT parquet)`,
  );
  conn.closeSync();
}, 300_000);
afterAll(async () => {
  await penguins?.engine.terminate();
});

function bundleFile(i: number): string {
  const path = join(dir, `penguins-${i}.casebook-model.json`);
  writeFileSync(path, penguins.bundles[i]?.text ?? '');
  return path;
}

describe('casebook score, multiclass', () => {
  it('scores the Penguin species models as the app does: one column per class, predicted, decision', async () => {
    for (const [i, { kind, bundle }] of penguins.bundles.entries()) {
      const out = join(dir, `scores-${i}.parquet`);
      const run = await cli('score', bundleFile(i), join(dir, 'penguins.parquet'), '--out', out);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/Scored 344 rows .*; decided Adelie \d+, Chinstrap \d+, Gentoo \d+\./);
      const { columns, rows } = await scoredRows(out);
      expect(columns).toEqual([
        'row_id',
        'score_Adelie',
        'score_Chinstrap',
        'score_Gentoo',
        'predicted',
        'decision',
        'model_version',
      ]);
      // The app's path: DuckDB-WASM, the same generated SQL, the same predictProba.
      const { sql, columns: features } = scoringPlan(bundle, 'penguins');
      const m = await readScoringMatrix(penguins.engine, sql, features);
      const p = scoreClasses(bundle.model.artifact, { data: m.x, rows: m.rows, cols: m.features });
      const predicted = mostProbable(p);
      const decided = decideClassesOf(p, bundle.decision);
      expect(rows.map((r) => r.row_id)).toEqual(Array.from({ length: 344 }, (_, r) => r + 1));
      let worst = 0;
      rows.forEach((r, at) => {
        r.scores.forEach((s, c) => (worst = Math.max(worst, Math.abs(s - (p.data[3 * at + c] ?? NaN)))));
        expect(r.predicted, `${kind} row ${at}`).toBe(CLASSES[predicted[at] ?? -1] ?? null);
        expect(r.decision, `${kind} row ${at}`).toBe(CLASSES[decided[at] ?? -1] ?? null);
      });
      expect(worst, kind).toBeLessThanOrEqual(1e-6);
      console.info(`${kind}: max |CLI − app| = ${worst}`);
      expect(new Set(rows.map((r) => r.model_version))).toEqual(new Set(['v1']));
    }
  });

  it('scores the same on several threads (the built command line)', async () => {
    const root = join(import.meta.dirname, '..');
    const build = spawnSync(process.execPath, [join(root, 'cli', 'launch.mjs'), '--help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    const gbdt = penguins.bundles.findIndex((b) => b.kind === 'gbdt');
    const out = join(dir, 'scores-threads.parquet');
    const args = ['score', bundleFile(gbdt), join(dir, 'penguins.parquet'), '--out', out, '--workers', '3'];
    const run = spawnSync(process.execPath, [join(root, 'dist-cli', 'casebook.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(await scoredRows(out)).toEqual(await scoredRows(join(dir, `scores-${gbdt}.parquet`)));
    const csv = join(dir, 'scores-gbdt.csv');
    expect((await cli('score', bundleFile(gbdt), join(dir, 'penguins.parquet'), '--out', csv)).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe(
      'row_id,score_Adelie,score_Chinstrap,score_Gentoo,predicted,decision,model_version',
    );
  });
});
