import type { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256OfBlob } from '../data/file-hash';
import { AppError } from '../lib/errors';
import { contentsOf, modelOf } from '../notebook/bundle/test-bundle';
import { buildBundle } from '../notebook/bundle/write';
import { asCaseId, asRunId } from '../notebook/ids';
import type { CasebookDb } from './db';
import { caseNamed, failWritesWithQuota, freshFactory, inTransaction, openDb } from './test-db';
import { runBundle } from './test-runs';
import { assemble, parts, populate, snapshot, withHeader } from './test-workspace-file';
import { Workspace } from './workspace';
import { importWorkspace } from './workspace-file';

/*
 * The workspace file: everything exported comes back unchanged, and a malformed or hostile file
 * is refused with a clear message and changes nothing.
 */

let factory: IDBFactory;
let source: CasebookDb;

beforeEach(() => {
  factory = freshFactory();
  source = openDb(factory, 'source');
});

describe('workspace file: round trip', () => {
  it('exports everything and imports it into an empty browser unchanged', async () => {
    const ws = await populate(source);
    const file = await ws.exportFile('0.1.0');
    const target = openDb(factory, 'target');
    const summary = await new Workspace(target).importFile(file);
    expect(summary).toEqual({
      cases: { added: 2, kept: 0 },
      files: { added: 2, kept: 0 },
      runs: { added: 7, kept: 0 },
      notes: { added: 2, kept: 0 },
      models: { added: 2, kept: 0 },
      exports: { added: 1, kept: 0 },
      evaluations: { added: 1, kept: 0 },
    });
    const [before, after] = [await snapshot(source), await snapshot(target)];
    // The evaluation of the run deleted for good went with it.
    expect(after.evaluations.map((e) => e.runId)).toEqual(['run-1']);
    expect(after).toEqual(before);
    expect(after.stageEvents).toHaveLength(3);
    expect((await new Workspace(target).registry.champion(asCaseId('case-1')))?.version.version).toBe(1);
    expect(after.runDeletions.map((d) => d.runId)).toEqual(['b2-1']);
    expect(after.exports).toHaveLength(1);
    // The batch with a run deleted for good stays valid there: its other runs are restored.
    const kept = await new Workspace(target).runs.getBatch('batch-2');
    expect(kept?.runs.map((r) => r.id)).toEqual(['b2-0', 'b2-2', 'b2-3']);
    // NaN and Infinity in a loss curve, and typed arrays of each type, survive.
    const mlp = after.runs.find((r) => r.id === 'run-2');
    expect(mlp?.curve[1]).toEqual({ step: 2, loss: Number.NaN, validationLoss: Number.POSITIVE_INFINITY });
    expect(after.runBatches.map((b) => b.validationRowIds.constructor.name)).toEqual([
      'Int32Array',
      'Float64Array',
    ]);
    expect(after.runArtifacts[0]?.scores).toBeInstanceOf(Float32Array);
    // The imported case opens, and the Runs view lists its runs and notes.
    const imported = new Workspace(target);
    expect((await imported.loadCase(asCaseId('case-1'))).doc).toEqual(before.cases[0]?.doc);
    expect((await imported.runs.listCase(asCaseId('case-1'))).notes).toHaveLength(2);
  });

  it('starts with a readable header: the magic line, its length, then JSON', async () => {
    const file = await (await populate(source)).exportFile('0.1.0');
    const head = await file.slice(0, 200).text();
    expect(head).toMatch(
      /^CASEBOOK-WORKSPACE 1\n\d+\n\{"format":"casebook-workspace","appVersion":"0\.1\.0"/,
    );
  });

  it('importing into a browser that has some of it adds the rest and overwrites nothing', async () => {
    const file = await (await populate(source)).exportFile('0.1.0');
    const target = openDb(factory, 'target');
    const ws = new Workspace(target);
    await ws.createCase(caseNamed('case-1', 'Edited here', '2026-06-01T00:00:00.000Z'));
    await ws.runs.saveBatch(runBundle());
    await ws.runs.annotate(asRunId('run-1'), ['mine'], '');
    const summary = await ws.importFile(file);
    expect(summary).toMatchObject({
      cases: { added: 1, kept: 1 },
      runs: { added: 3, kept: 4 },
      notes: { added: 1, kept: 1 },
      models: { added: 2, kept: 0 },
    });
    expect((await ws.loadCase(asCaseId('case-1'))).doc.title).toBe('Edited here');
    expect((await target.runNotes.get(asRunId('run-1')))?.tags).toEqual(['mine']);
    // Importing the same file again adds nothing.
    expect(await ws.importFile(file)).toMatchObject({
      cases: { added: 0 },
      runs: { added: 0 },
      files: { added: 0 },
      models: { added: 0, kept: 2 },
    });
  });

  it('imports a file exported before the registry existed', async () => {
    const file = await (await populate(source)).exportFile('0.1.0');
    const old = await withHeader(file, (h) => {
      for (const key of ['modelVersions', 'modelBundles', 'stageEvents']) delete h[key];
    });
    const summary = await new Workspace(openDb(factory, 'target')).importFile(old);
    expect(summary.models).toEqual({ added: 0, kept: 0 });
    expect(summary.runs.added).toBe(7);
  });
});

describe('workspace file: files written before the lineage records', () => {
  it('imports a file without deletions or exports (format 1 as first shipped)', async () => {
    let clock = 0;
    const ws = new Workspace(source, {
      now: () => new Date(Date.UTC(2026, 4, 1, 0, 0, clock++)).toISOString(),
    });
    await ws.createCase(caseNamed('case-1', 'Churn', '2026-01-01T00:00:00.000Z'));
    await ws.runs.saveBatch(runBundle());
    const file = await withHeader(await ws.exportFile('0.1.0'), (h) => {
      delete h['runDeletions'];
      delete h['exports'];
    });
    const summary = await new Workspace(openDb(factory, 'target')).importFile(file);
    expect(summary).toMatchObject({ runs: { added: 4 }, exports: { added: 0 } });
  });
});

describe('workspace file: what an import refuses, changing nothing', () => {
  let good: Blob;
  let target: CasebookDb;
  beforeEach(async () => {
    good = await (await populate(source)).exportFile('0.1.0');
    target = openDb(factory, 'target');
    const ws = new Workspace(target);
    await ws.createCase(caseNamed('here', 'Already here', '2026-01-01T00:00:00.000Z'));
  });

  const refusal = async (file: Blob | Promise<Blob>, pattern: RegExp) => {
    const before = await snapshot(target);
    const error = await new Workspace(target).importFile(await file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'invalid-document', message: expect.stringMatching(pattern) });
    expect(error).toMatchObject({ message: expect.stringMatching(/Nothing was imported\.$/) });
    expect(await snapshot(target)).toEqual(before);
  };

  it('a file that is not a workspace', async () => {
    await refusal(new Blob(['customerID,churn\n1,Yes\n']), /not a Casebook workspace file/);
    await refusal(new Blob([]), /not a Casebook workspace file/);
  });

  it('a newer format', async () => {
    const { json, binary } = await parts(good);
    await refusal(
      assemble(json, binary, 'CASEBOOK-WORKSPACE 2'),
      /newer version of Casebook \(format 2\); update the app/,
    );
  });

  it('a truncated file: cut in the header, and cut in the bytes', async () => {
    const { json } = await parts(good);
    await refusal(good.slice(0, 40 + Math.floor(json.length / 2)), /cut short/);
    await refusal(good.slice(0, good.size - 3), /cut short/);
  });

  it('a damaged header', async () => {
    const { json, binary } = await parts(good);
    await refusal(assemble(json.replace('{', '['), binary), /header is not valid JSON/);
    await refusal(assemble('[]', binary), /header is not an object/);
    await refusal(
      assemble(json.replace('"casebook-workspace"', '"something-else"'), binary),
      /header\.format/,
    );
  });

  it('bad types, naming the field', async () => {
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.runs[0] ?? {}, { label: 42 });
      }),
      /runs\[0\]\.label is not text/,
    );
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.runs[1] ?? {}, { metrics: { roc_auc: 'high' } });
      }),
      /runs\[1\]\.metrics\.roc_auc/,
    );
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.runNotes[0] ?? {}, { tags: 'best' });
      }),
      /runNotes\[0\]\.tags is not a list/,
    );
    await refusal(
      withHeader(good, (h) => {
        const cases = h['cases'];
        if (Array.isArray(cases)) Object.assign(cases[0] ?? {}, { doc: { schemaVersion: 1, cells: 'none' } });
      }),
      /cases\.cells is not a list|case\.cells is not a list/,
    );
  });

  it('a key named __proto__, anywhere', async () => {
    const { json, binary } = await parts(good);
    const hostile = json.replace('"label":', '"__proto__":{"polluted":true},"label":');
    await refusal(assemble(hostile, binary), /key named “__proto__” \(at header\.runs\[0\]\)/);
    const viaConstructor = json.replace('"label":', '"constructor":{"prototype":{"polluted":true}},"label":');
    await refusal(
      assemble(viaConstructor, binary),
      /key named “constructor\.prototype” \(at header\.runs\[0\]\)/,
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a case that would need repairs, and a network whose layers are not its spec', async () => {
    await refusal(
      withHeader(good, (h) => {
        const cases = h['cases'];
        const doc: unknown = Array.isArray(cases) ? Reflect.get(cases[0] ?? {}, 'doc') : null;
        const cells: unknown = doc !== null && typeof doc === 'object' ? Reflect.get(doc, 'cells') : null;
        if (Array.isArray(cells)) cells.push({ ...cells[0], kind: 'teleport' });
      }),
      /cases\[0\]\.doc is not a case as Casebook saves it \(.*kind this version does not know \(teleport\)/,
    );
    await refusal(
      withHeader(good, (h) => {
        const artifacts = h['runArtifacts'];
        for (const artifact of Array.isArray(artifacts) ? artifacts : []) {
          const model: unknown = Reflect.get(artifact ?? {}, 'model');
          const spec: unknown =
            model !== null && typeof model === 'object' ? Reflect.get(model, 'spec') : null;
          if (spec !== null && typeof spec === 'object' && Reflect.get(spec, 'kind') === 'mlp')
            Reflect.set(spec, 'hidden', [2, 2]);
        }
      }),
      /runArtifacts\[\d\]\.model: the network has 2 layers where its spec has 2 hidden layers and the output/,
    );
  });

  it('oversized fields', async () => {
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.runNotes[0] ?? {}, { note: 'x'.repeat(10_001) });
      }),
      /runNotes\[0\]\.note is longer than 10000 characters/,
    );
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.runs[0] ?? {}, { label: 'x'.repeat(5 * 1024 * 1024) });
      }),
      /a text of 5,242,880 characters at header\.runs\[0\]\.label/,
    );
  });

  it('file bytes that do not match their SHA-256', async () => {
    const { json, binary } = await parts(good);
    const bytes = new Uint8Array(await binary.arrayBuffer());
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    await refusal(assemble(json, new Blob([bytes])), /files\[0\] does not match its SHA-256.*damaged/);
  });

  it('records that do not fit together', async () => {
    await refusal(
      withHeader(good, (h) => {
        h.runs.pop();
      }),
      /batch batch-1 lists run run-3, which the file does not hold whole/,
    );
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.runNotes[0] ?? {}, { runId: 'ghost' });
      }),
      /notes for run ghost/,
    );
    await refusal(
      withHeader(good, (h) => {
        const sections = h['sections'];
        if (Array.isArray(sections)) Object.assign(sections[0] ?? {}, { length: 1e9 });
      }),
      /cut short/,
    );
  });

  it('a registry that breaks its rules, or a bundle that is not what it says', async () => {
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.stageEvents.find((e) => e['seq'] === 3) ?? {}, { stage: 'champion' });
      }),
      /case case-1 has two champions after event 3/,
    );
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.stageEvents.find((e) => e['seq'] === 2) ?? {}, { seq: 7 });
      }),
      /not numbered 1, 2/,
    );
    await refusal(
      withHeader(good, (h) => {
        h.modelBundles.pop();
      }),
      /has no bundle/,
    );
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.modelVersions.find((x) => x['version'] === 1) ?? {}, {
          bundleSha256: 'f'.repeat(64),
        });
      }),
      /modelBundles\[\d\] is not the bundle of v1 that it says/,
    );
    await refusal(
      withHeader(good, (h) => {
        Object.assign(h.modelVersions[0] ?? {}, { stage: 'champion' });
      }),
      /modelVersions\[0\]\.stage/,
    );
    const { json, binary } = await parts(good);
    const bytes = new Uint8Array(await binary.arrayBuffer());
    // A byte of a bundle's text changed: `"threshold":0.4` becomes 0.9, a hash no longer matching.
    const pattern = new TextEncoder().encode('"threshold":0.4');
    const at = bytes.findIndex((_, i) => pattern.every((b, k) => bytes[i + k] === b));
    expect(at).toBeGreaterThan(0);
    bytes[at + 14] = '9'.charCodeAt(0);
    await refusal(assemble(json, new Blob([bytes])), /modelBundles\[\d\].*do not match its SHA-256/);
  });

  it("a registry whose history differs from this browser's for the same case", async () => {
    const ws = new Workspace(target);
    await ws.createCase(caseNamed('case-1', 'Here', '2026-01-01T00:00:00.000Z'));
    const contents = contentsOf(await modelOf('gbdt'));
    const mine = await buildBundle({ ...contents, model: { ...contents.model, version: 1 } });
    await ws.registry.register({
      caseId: asCaseId('case-1'),
      ...mine,
      source: 'promoted',
      runId: null,
      by: 'Me',
      why: '',
      evaluation: null,
    });
    await refusal(good, /models of case case-1 here and in the file have different histories/);
  });

  it('deletions and export records that do not fit', async () => {
    // A run both held whole and said to be deleted.
    await refusal(
      withHeader(good, (h) => {
        const deletions = h['runDeletions'];
        if (Array.isArray(deletions)) deletions.push({ ...deletions[0], runId: 'run-0', batchId: 'batch-1' });
      }),
      /batch batch-1 lists run run-0, which the file does not hold whole/,
    );
    // A deletion of a run of another batch.
    await refusal(
      withHeader(good, (h) => {
        const deletions = h['runDeletions'];
        if (Array.isArray(deletions)) Object.assign(deletions[0] ?? {}, { batchId: 'batch-1' });
      }),
      /lists run b2-1, whose deletion says it is elsewhere/,
    );
    // An export whose index names a run its contents do not hold.
    await refusal(
      withHeader(good, (h) => {
        const exports = h['exports'];
        if (Array.isArray(exports)) Object.assign(exports[0] ?? {}, { runIds: ['run-2'] });
      }),
      /exports\[0\] does not match its contents/,
    );
    await refusal(
      withHeader(good, (h) => {
        const exports = h['exports'];
        if (Array.isArray(exports)) Object.assign(exports[0] ?? {}, { sha256: 'not a hash' });
      }),
      /exports\[0\]\.sha256 is not a SHA-256/,
    );
  });

  it('a nonFinite entry that points where it must not', async () => {
    await refusal(
      withHeader(good, (h) => {
        h['nonFinite'] = [[['__proto__', 'polluted'], 'NaN']];
      }),
      /nonFinite points at __proto__\.polluted/,
    );
    await refusal(
      withHeader(good, (h) => {
        h['nonFinite'] = [[['runs', 0, 'label'], 'NaN']];
      }),
      /nonFinite points at runs\.0\.label, which is not empty/,
    );
  });
});

describe('workspace file: hashing before the write, and a write that fails (issue 18 target 20)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('hashes every file outside any transaction; a fault in the write leaves every table as it was', async () => {
    const file = await (await populate(source)).exportFile('0.1.0');
    const target = openDb(factory, 'target');
    await new Workspace(target).createCase(caseNamed('here', 'Already here', '2026-01-01T00:00:00.000Z'));
    const before = await snapshot(target);
    const hashed: string[] = [];
    const hash = async (blob: Blob): Promise<string> => {
      hashed.push(inTransaction() ? 'inside a transaction' : 'outside');
      const sha256 = await sha256OfBlob(blob);
      hashed.push(inTransaction() ? 'inside a transaction' : 'outside');
      return sha256;
    };
    // The cases and files go in first; the runs' writes fail as a full disk does.
    failWritesWithQuota(['runs']);
    // (Refused as a storage failure: the quota error sits on the aborted transaction, and the
    // BulkError Dexie rejects with holds only the AbortErrors of the requests after it.)
    await expect(importWorkspace(target, file, { hash })).rejects.toBeInstanceOf(AppError);
    expect(hashed).toEqual(['outside', 'outside', 'outside', 'outside']);
    vi.restoreAllMocks();
    expect(await snapshot(target)).toEqual(before);
    // With room again, the same file goes in whole.
    expect((await importWorkspace(target, file, { hash })).runs).toEqual({ added: 7, kept: 0 });
    expect((await snapshot(target)).blobs).toEqual((await snapshot(source)).blobs);
  });
});
