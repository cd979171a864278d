import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { asCaseId } from '../notebook/ids';
import { CasebookDb, type DbOptions } from './db';
import { databaseSnapshot } from './fixtures/snapshot';
import { openCasebook } from './open';
import { readRawDatabase, writeRawDatabase, type RawDatabase } from './raw-backup';
import { freshFactory } from './test-db';
import { Workspace } from './workspace';

/*
 * Every schema version that shipped has a frozen export (`fixtures/db-v<n>.json`, written by
 * `fixtures/generate.test.ts` when it shipped, never since): the current code must open each and
 * migrate it to the expected snapshot. A new version adds its own export; none is ever edited.
 */

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), 'utf8'));
}

function isRaw(value: unknown): value is RawDatabase {
  return value !== null && typeof value === 'object' && Reflect.get(value, 'format') === 'casebook-raw-idb';
}

async function restoreFixture(version: number): Promise<IDBFactory> {
  const raw = fixture(`db-v${version}.json`);
  if (!isRaw(raw)) throw new Error(`db-v${version}.json is not a raw database export`);
  expect(raw.version).toBe(version * 10);
  const factory = freshFactory();
  await writeRawDatabase(factory, raw);
  return factory;
}

const SHIPPED = [1, 2, 3, 4, 5, 6];

describe('every past schema version migrates to the current one', () => {
  it.each(SHIPPED)(
    'version %i: the frozen export opens, migrated to the expected snapshot',
    async (version) => {
      const factory = await restoreFixture(version);
      const db = new CasebookDb('casebook', { indexedDB: factory, IDBKeyRange });
      await db.open();
      expect(db.verno).toBe(Math.max(...SHIPPED));
      expect(await databaseSnapshot(db)).toEqual(fixture(`db-v${version}.expected.json`));
      // And the app reads it: the case loads through restore(migrate(doc)), its runs list.
      const workspace = new Workspace(db);
      const { doc } = await workspace.loadCase(asCaseId('case-1'));
      expect(doc.title).toBe('Churn');
      expect((await workspace.runs.listCase(asCaseId('case-1'))).runs).toHaveLength(version >= 2 ? 4 : 0);
      db.close();
    },
  );

  it('a database from a version with no fixture fails this suite (the list of versions is complete)', async () => {
    const db = new CasebookDb('casebook', { indexedDB: freshFactory(), IDBKeyRange });
    await db.open();
    expect(SHIPPED).toEqual(Array.from({ length: db.verno }, (_, i) => i + 1));
    db.close();
  });
});

/** Today's schema plus a version whose upgrade changes half the cases, then throws. */
class HalfwayFailingUpgrade extends CasebookDb {
  constructor(name: string, options: DbOptions) {
    super(name, options);
    this.version(this.verno + 1)
      .stores({})
      .upgrade(async (tx) => {
        let seen = 0;
        await tx
          .table('cases')
          .toCollection()
          .modify((record: { title: string }) => {
            record.title = 'Damaged by a half-done upgrade';
            seen += 1;
          });
        if (seen > 0) throw new Error('upgrade step 2 of 2 failed');
      });
  }
}

describe('an upgrade that throws halfway', () => {
  it('leaves the database at its old version with its data intact, and offers every table raw', async () => {
    const factory = await restoreFixture(3);
    const before = await readRawDatabase(factory, 'casebook');
    const outcome = await openCasebook({
      indexedDB: factory,
      IDBKeyRange,
      make: (name, options) => new HalfwayFailingUpgrade(name, options),
    });
    if (outcome.ok) throw new Error('the failing upgrade opened');
    expect(outcome.error.message).toMatch(/could not upgrade.*Nothing was changed.*raw backup/s);
    const after = await readRawDatabase(factory, 'casebook');
    expect(after?.version).toBe(30);
    expect(after).toEqual(before);

    const backup = await outcome.rawBackup();
    const parsed: unknown = JSON.parse((await backup?.text()) ?? 'null');
    expect(parsed).toEqual(before);
    if (!isRaw(parsed)) throw new Error('not a raw export');
    expect(parsed.stores.map((s) => s.name)).toEqual([
      'blobs',
      'cases',
      'checkpoints',
      'exports',
      'liveBatches',
      'modelBundles',
      'modelVersions',
      'runArtifacts',
      'runBatches',
      'runDeletions',
      'runNotes',
      'runs',
      'session',
      'stageEvents',
    ]);

    // The same code without the broken step opens it, data unchanged.
    const fixed = await openCasebook({ indexedDB: factory, IDBKeyRange });
    if (!fixed.ok) throw fixed.error;
    expect((await new Workspace(fixed.db).loadCase(asCaseId('case-1'))).doc.title).toBe('Churn');
    fixed.db.close();
  });
});

describe('a database written by a newer Casebook', () => {
  /** What a newer build leaves: its own version (Dexie's × 10) and a store this one does not know. */
  async function newerDatabase(
    version: number,
  ): Promise<{ factory: IDBFactory; before: RawDatabase | null }> {
    const factory = freshFactory();
    await writeRawDatabase(factory, {
      format: 'casebook-raw-idb',
      name: 'casebook',
      version,
      stores: [
        {
          name: 'cases',
          keyPath: 'id',
          autoIncrement: false,
          indexes: [],
          rows: [{ id: 'case-9', title: 'Written by a newer Casebook', doc: { cells: [] } }],
        },
        { name: 'newerThings', keyPath: 'id', autoIncrement: false, indexes: [], rows: [{ id: 1 }] },
      ],
    });
    return { factory, before: await readRawDatabase(factory, 'casebook') };
  }

  it('is not opened: nothing is written (Dexie 4 would open it and add its missing tables), and every table downloads raw', async () => {
    const { factory, before } = await newerDatabase(1000);
    const outcome = await openCasebook({ indexedDB: factory, IDBKeyRange });
    if (outcome.ok) {
      outcome.db.close();
      throw new Error('a newer database was opened');
    }
    expect(outcome.error.message).toMatch(/newer version of Casebook.*untouched.*raw backup/s);
    expect(await readRawDatabase(factory, 'casebook')).toEqual(before);
    const backup: unknown = JSON.parse((await (await outcome.rawBackup())?.text()) ?? 'null');
    expect(backup).toEqual(before);
    expect(JSON.stringify(backup)).toContain('Written by a newer Casebook');
  });

  it('opens when only its native version is ahead (a schema patch of this version, or the item-7 upgrade by one)', async () => {
    const current = new CasebookDb('probe', { indexedDB: freshFactory(), IDBKeyRange }).verno;
    const { factory } = await newerDatabase(current * 10 + 1);
    const outcome = await openCasebook({ indexedDB: factory, IDBKeyRange });
    if (!outcome.ok) throw outcome.error;
    expect(await outcome.db.cases.count()).toBe(1);
    outcome.db.close();
  });
});
