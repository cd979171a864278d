import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleTableSql } from '../../data/score/profile';
import { createNodeEngine } from '../../data/testing/node-engine';
import { readBundle } from '../../notebook/bundle/read';
import { asCaseId } from '../../notebook/ids';
import { cellOf, testContext } from '../testing';
import type { ScoreProgress } from './result';
import { runScore } from './run';

/*
 * A measurement, not a check run in CI: the score cell on 1,000,000 rows (the committed Telco
 * bundle's example rows repeated) on DuckDB-WASM in Node, the page's code path. It prints the
 * time and the longest stretch the runner held the thread between two pauses (what would freeze
 * the page). Run it with CASEBOOK_SCORE_MILLION=1 npx vitest run src/cells/score/million.test.ts
 */

const TEXT = readFileSync(
  fileURLToPath(new URL('../../data/score/fixtures/telco-gbdt-v1.casebook-model.json', import.meta.url)),
  'utf8',
);

describe('the score cell on a million rows', () => {
  it.runIf(process.env['CASEBOOK_SCORE_MILLION'] === '1')(
    'scores them in chunks, giving the thread back between',
    async () => {
      const engine = await createNodeEngine();
      const bundle = await readBundle(TEXT);
      await engine.exec(exampleTableSql(bundle.input, 'example'));
      await engine.exec('CREATE TABLE batch AS SELECT e.* FROM range(200000) AS r, example AS e');
      const caseId = asCaseId('c');
      const since = {
        id: 'e',
        caseId,
        versionId: 'mv',
        seq: 1,
        stage: 'champion' as const,
        at: '',
        by: '',
        why: '',
        evaluation: null,
      };
      const version = {
        id: 'mv',
        caseId,
        version: 1,
        createdAt: '',
        source: 'imported' as const,
        runId: null,
        name: '',
        kind: 'gbdt' as const,
        task: 'binary' as const,
        bundleSha256: bundle.sha256,
        importedFrom: null,
      };
      const started = performance.now();
      let longest = 0;
      let last = performance.now();
      const stages: string[] = [];
      const ctx = {
        ...testContext(engine, null, {
          models: {
            versions: () => Promise.resolve([{ version, stage: 'champion' as const, since }]),
            bundle: () => Promise.resolve(bundle),
          },
        }),
        report: (p: ScoreProgress) => {
          const now = performance.now();
          // The first scoring report follows the feature query, which runs in DuckDB's worker in the page.
          if (p.stage === 'scoring' && p.rows > 10_000) longest = Math.max(longest, now - last);
          if (p.stage !== 'scoring' || p.rows <= 10_000 || p.rows === 1_000_000)
            stages.push(`${p.stage} ${p.rows} at ${((now - started) / 1000).toFixed(1)} s`);
          last = now;
        },
      };
      const out = await runScore(ctx, cellOf('score', { input: 'batch', version: null, output: 'scores' }));
      const seconds = (performance.now() - started) / 1000;
      console.log(stages.join('\n'));
      console.log(
        `1,000,000 rows: ${seconds.toFixed(1)} s, ${Math.round(out.rows / seconds)} rows/s; longest chunk ${longest.toFixed(0)} ms (read + score)`,
      );
      expect(out.rows).toBe(1_000_000);
      await engine.terminate();
    },
    600_000,
  );
});
