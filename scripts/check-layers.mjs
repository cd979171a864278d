/*
 * Proves that the import restrictions of eslint.config.js are in force where they must be: lints
 * one-line probe files (never written to disk) in each zone and checks which are refused. Flat
 * config replaces a rule's options block by block, so one new `no-restricted-imports` block can
 * silently lift every restriction from a folder; this check fails when that happens.
 * Run by `npm run lint`.
 */
import { ESLint } from 'eslint';

const DEXIE = "import Dexie from 'dexie';";
const TFJS = "import * as tf from '@tensorflow/tfjs';";
const DUCKDB = "import * as duckdb from '@duckdb/duckdb-wasm';";
const WORKER_VALUE = "import { runTraining } from '../../workers/training/run';";
const WORKER_TYPE = "import type { TrainEvent } from '../../workers/training/api';";

/** [file, import, refused?] */
const probes = [
  ['src/ml/probe.ts', DEXIE, true],
  ['src/ml/probe.ts', TFJS, true],
  ['src/ml/probe.ts', DUCKDB, true],
  ['src/ml/probe.ts', "import type { Cell } from '../notebook/types';", true],
  ['src/ml/probe.ts', "import { AppError } from '../lib/errors';", false],
  ['src/ml/models/probe.ts', "import type { CellOutput } from '../../cells/types';", true],
  ['src/notebook/probe.ts', DEXIE, true],
  ['src/notebook/probe.ts', TFJS, true],
  ['src/notebook/probe.ts', DUCKDB, true],
  ['src/notebook/probe.ts', "import type { CellOutput } from '../cells/types';", true],
  ['src/notebook/probe.ts', "import type { SqlEngine } from '../data/engine';", true],
  ['src/notebook/probe.ts', "import type { ModelArtifact } from '../ml/models';", false],
  ['src/cells/train/probe.ts', DEXIE, true],
  ['src/cells/train/probe.ts', TFJS, true],
  ['src/cells/train/probe.ts', DUCKDB, true],
  ['src/cells/train/probe.ts', "import type { TrainEvent } from '../../../workers/training/api';", false],
  ['src/cells/train/probe.ts', "import { featureSpec } from '../features/run';", true],
  ['src/cells/train/probe.ts', "import { x } from '../shared/names';", false],
  ['src/cells/train/probe.ts', "import type { Problem } from '../../notebook/types';", false],
  ['src/app/probe.ts', DEXIE, true],
  ['src/runtime/probe.ts', DUCKDB, true],
  ['src/training/probe.ts', WORKER_VALUE, true],
  ['src/training/probe.ts', WORKER_TYPE, false],
  ['src/storage/probe.ts', DEXIE, false],
  ['src/storage/probe.ts', TFJS, true],
  ['src/storage/probe.ts', DUCKDB, true],
  ['src/data/probe.ts', DUCKDB, true],
  ['src/data/probe.ts', DEXIE, true],
  ['src/data/duckdb-wasm.ts', DUCKDB, false],
  ['src/data/duckdb-wasm.ts', DEXIE, true],
  ['src/data/duckdb-wasm.ts', TFJS, true],
  ['workers/training/probe.ts', TFJS, false],
  ['workers/training/probe.ts', DEXIE, true],
  ['workers/training/probe.ts', DUCKDB, true],
  ['workers/duckdb/engine.worker.ts', DUCKDB, false],
  ['workers/duckdb/engine.worker.ts', DEXIE, true],
  ['workers/duckdb/probe.ts', DUCKDB, true],
];

const eslint = new ESLint();
const failures = [];
for (const [file, source, refused] of probes) {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: file });
  const restricted = (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
  if (restricted !== refused) {
    failures.push(`${file}: \`${source}\` should be ${refused ? 'refused' : 'allowed'}, but is not.`);
  }
}
if (failures.length > 0) {
  console.error(
    `Import layers: ${failures.length} of ${probes.length} probes failed\n${failures.join('\n')}`,
  );
  process.exit(1);
}
console.log(`Import layers: ${probes.length} probes refused or allowed as they should be.`);
