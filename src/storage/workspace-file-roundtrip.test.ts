import fc from 'fast-check';
import type { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentsOf, modelOf } from '../notebook/bundle/test-bundle';
import { buildBundle } from '../notebook/bundle/write';
import { asCaseId, asCellId, asRunId } from '../notebook/ids';
import { renameCase, updateConfig } from '../notebook/ops';
import type { RunBatchBundle } from '../notebook/runs';
import type { CasebookDb } from './db';
import { caseNamed, freshFactory, openDb } from './test-db';
import { evaluationRecord } from './test-evaluations';
import { exportRecord } from './test-exports';
import { runBundle } from './test-runs';
import { sha, snapshot } from './test-workspace-file';
import { Workspace } from './workspace';

/*
 * Issue 18 target 14: any workspace, exported and imported into an empty browser, comes back
 * identical: cases (their cells and files' provenance), file bytes under their hashes, run batches
 * with their lineage, runs with their metrics and curves, network weights, scores, notes, deleted
 * runs, the model registry with its bundles, evaluations and export records. Built from the same
 * fixtures as the fixed round trip (`workspace-file.test.ts`), with fast-check choosing the text
 * (any Unicode, and prototype-ish values such as `__proto__`), the numbers (NaN and ±Infinity
 * included) and the shape (how many cases, files, batches; which are deleted, hidden, noted).
 */

const NOW = '2026-01-01T00:00:00.000Z';
const TRICKY = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'constructor.prototype',
];

const text = (maxLength = 24) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.constantFrom(...TRICKY, ''),
  );
const id = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }), fc.constantFrom(...TRICKY));
/** Any double but -0, which JSON writes as 0 (noticed, left alone: no stored value is -0). */
const anyNumber = fc.double().map((x) => (Object.is(x, -0) ? 0 : x));
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));

const caseArb = fc.record({
  title: text(),
  note: text(),
  markdown: text(),
  // A file's name is never blank (the browser's File has one; a blank one is refused on load).
  fileName: text().map((name) => (name.trim() === '' ? `${name}customers.csv` : name)),
  deleted: fc.boolean(),
});

const batchArb = fc.record({
  label: text(),
  metrics: fc.array(fc.option(anyNumber), { minLength: 6, maxLength: 6 }),
  loss: anyNumber,
  weights: fc.array(finite, { minLength: 9, maxLength: 9 }),
  scores: fc.float32Array({ minLength: 3, maxLength: 3 }),
  tags: fc.array(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((t) => t.length <= 40),
    { maxLength: 3 },
  ),
  note: text(),
  hidden: fc.boolean(),
  deleteOne: fc.boolean(),
});

const workspaceArb = fc.record({
  // case-1 always, the others with arbitrary ids: the fixtures' records (reports, evaluations) name it.
  others: fc.uniqueArray(fc.tuple(id, caseArb), { selector: ([k]) => k, maxLength: 2 }),
  first: caseArb,
  files: fc.array(
    fc.record({
      bytes: fc.uint8Array({ maxLength: 64 }),
      type: fc.constantFrom('text/csv', 'application/vnd.apache.parquet', 'application/json', ''),
    }),
    { maxLength: 3 },
  ),
  batches: fc.uniqueArray(fc.tuple(id, batchArb), { selector: ([k]) => k, minLength: 1, maxLength: 3 }),
  registry: fc.option(
    fc.record({ by: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), why: text() }),
  ),
  evaluated: fc.boolean(),
  exported: fc.option(id),
});

type Arbitrary = typeof workspaceArb extends fc.Arbitrary<infer T> ? T : never;

let bundleV1: Awaited<ReturnType<typeof buildBundle>>;

beforeAll(async () => {
  const contents = contentsOf(await modelOf('logistic'));
  bundleV1 = await buildBundle({ ...contents, model: { ...contents.model, version: 1 } });
});

/** A batch of the fixture (`runBundle`) in `caseId`, run ids under `prefix`, the drawn values in it. */
function batchOf(
  batchId: string,
  prefix: string,
  caseId: string,
  drawn: Arbitrary['batches'][number][1],
): RunBatchBundle {
  const bundle = runBundle({ batchId, prefix, caseId });
  const keys = ['roc_auc', 'pr_auc', 'f1', 'accuracy', 'log_loss', 'brier'];
  const metrics = Object.fromEntries(keys.map((k, i) => [k, drawn.metrics[i] ?? null]));
  const w = (from: number, count: number): number[] => drawn.weights.slice(from, from + count);
  return {
    batch: bundle.batch,
    runs: bundle.runs.map((run) =>
      run.index === 1
        ? { ...run, label: drawn.label, metrics }
        : run.index === 2
          ? { ...run, curve: [{ step: 1, loss: drawn.loss, validationLoss: null }] }
          : run,
    ),
    artifacts: bundle.artifacts.map((artifact) => {
      const model = artifact.model;
      if (model?.kind !== 'mlp') return artifact.scores ? { ...artifact, scores: drawn.scores } : artifact;
      const layers = [
        { units: 2, kernel: w(0, 4), bias: w(4, 2) },
        { units: 1, kernel: w(6, 2), bias: w(8, 1) },
      ];
      return { ...artifact, model: { ...model, layers }, scores: drawn.scores };
    }),
  };
}

/** Writes the drawn workspace through the app's own stores, as populate() does. */
async function build(db: CasebookDb, drawn: Arbitrary): Promise<Workspace> {
  let clock = 0;
  const ws = new Workspace(db, { now: () => new Date(Date.UTC(2026, 4, 1, 0, 0, clock++)).toISOString() });
  const files = [];
  for (const f of drawn.files) {
    const sha256 = await sha(f.bytes);
    await ws.putBlob(sha256, new Blob([f.bytes.slice()], { type: f.type }));
    files.push({ sha256, sizeBytes: f.bytes.byteLength });
  }
  const cases: [string, Arbitrary['first']][] = [
    ['case-1', drawn.first],
    ...drawn.others.filter(([k]) => k !== 'case-1'),
  ];
  for (const [i, [caseId, c]] of cases.entries()) {
    // Titled as the app titles a case (`renameCase`: a blank title reads "Untitled case").
    let doc = renameCase(caseNamed(caseId, 'Churn', NOW), c.title, NOW);
    const file = files[i % Math.max(1, files.length)];
    doc = updateConfig(doc, asCellId('s1'), 'source', { note: c.note }, NOW);
    if (file) {
      const provenance = { ...file, name: c.fileName, format: 'csv' as const, importedAt: NOW };
      doc = updateConfig(doc, asCellId('s1'), 'source', { file: provenance }, NOW);
    }
    doc = updateConfig(doc, asCellId('m1'), 'markdown', { text: c.markdown }, NOW);
    await ws.createCase(doc);
    if (c.deleted) await ws.deleteCase(asCaseId(caseId));
  }
  for (const [i, [key, b]] of drawn.batches.entries()) {
    // The first batch is the fixtures' own (run-1 in case-1), which the records below name.
    const [batchId, prefix, caseId] =
      i === 0
        ? ['batch-1', 'run', 'case-1']
        : [`${key}#${i}`, `${key}-${i}`, cases[i % cases.length]?.[0] ?? 'case-1'];
    const bundle = batchOf(batchId, prefix, caseId, b);
    await ws.runs.saveBatch(bundle);
    await ws.runs.annotate(asRunId(`${prefix}-1`), b.tags, b.note);
    if (b.hidden) await ws.runs.hide([asRunId(`${prefix}-0`)]);
    if (b.deleteOne) await ws.runs.deleteForGood([asRunId(`${prefix}-3`)]);
  }
  if (drawn.registry) {
    await ws.registry.register({
      caseId: asCaseId('case-1'),
      ...bundleV1,
      source: 'promoted',
      runId: asRunId('run-1'),
      by: drawn.registry.by.trim() === '' ? `x${drawn.registry.by}` : drawn.registry.by,
      why: drawn.registry.why,
      evaluation: null,
    });
  }
  if (drawn.evaluated) await ws.evaluations.save(evaluationRecord());
  if (drawn.exported !== null) await ws.exports.record(exportRecord({ id: drawn.exported }));
  return ws;
}

let factory: IDBFactory;
let databases = 0;

describe('workspace file: any workspace round trip (fast-check)', () => {
  beforeAll(() => {
    factory = freshFactory();
  });

  it('exports any workspace and imports it into an empty browser identical', async () => {
    await fc.assert(
      fc.asyncProperty(workspaceArb, async (drawn) => {
        const source = openDb(factory, `source-${databases}`);
        const target = openDb(factory, `target-${databases++}`);
        try {
          const file = await (await build(source, drawn)).exportFile('0.1.0');
          await new Workspace(target).importFile(file);
          expect(await snapshot(target)).toEqual(await snapshot(source));
        } finally {
          source.close();
          target.close();
        }
      }),
      { seed: 1814, numRuns: 100, endOnFailure: true },
    );
  });
});
