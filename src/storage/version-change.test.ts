import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Case } from '../notebook/types';
import { CasebookDb } from './db';
import { SaveQueue } from './save-queue';
import { caseNamed, freshFactory, openDb } from './test-db';
import { yieldToNewerVersion } from './version-change';
import { Workspace } from './workspace';

/*
 * Issue 18 item 7 (shared/notes/reliability.md target 10), with two Dexie instances on one
 * fake-indexeddb factory as two tabs: the second is a newer Casebook whose schema has one more
 * version (an empty store). IndexedDB fires `versionchange` on the old connection and holds the
 * upgrade until it closes (https://w3c.github.io/IndexedDB/#opening, "versionchange").
 */

/** The next build: this schema plus a version that adds an empty store, as a real bump would. */
class NewerDb extends CasebookDb {
  constructor(factory: IDBFactory) {
    super('test', { indexedDB: factory, IDBKeyRange });
    const current = this.verno;
    this.version(current + 1).stores({ newerThings: 'id' });
  }
}

describe('a newer version upgrading the database from another tab', () => {
  it('the old tab saves what is pending, closes, refuses later writes clearly, and the upgrade is not blocked', async () => {
    const factory = freshFactory();
    const oldDb = openDb(factory);
    const workspace = new Workspace(oldDb);
    const doc = caseNamed('c1', 'Before', '2026-01-01T00:00:00.000Z');
    const rev = await workspace.createCase(doc);
    // An edit whose debounced save would only run in a minute: pending when the upgrade comes.
    const queue = new SaveQueue<Case>((value) => workspace.saveCase(value, rev).then(() => undefined), {
      delayMs: 60_000,
      onError: () => undefined,
    });
    queue.schedule({ ...doc, title: 'Pending when the new version came' });
    workspace.onNewerVersion(() => queue.flush());

    const newer = new NewerDb(factory);
    await newer.open();
    expect(newer.verno).toBe(oldDb.verno + 1);
    expect(queue.pending).toBe(false);
    expect((await newer.cases.get('c1'))?.title).toBe('Pending when the new version came');
    expect(oldDb.isOpen()).toBe(false);

    // Never reopened by this tab's older code: a later save fails and says what to do.
    await expect(workspace.saveCase({ ...doc, title: 'After the upgrade' }, rev + 1)).rejects.toThrow(
      /^Casebook was updated in another tab: reload this tab/,
    );
    await expect(workspace.listCases()).rejects.toThrow(/updated in another tab/);
    expect((await newer.cases.get('c1'))?.title).toBe('Pending when the new version came');
    expect(oldDb.isOpen()).toBe(false);
    newer.close();
  });

  it('does not hold the upgrade longer than the grace period when the last save hangs', async () => {
    const factory = freshFactory();
    const oldDb = openDb(factory);
    yieldToNewerVersion(oldDb, () => new Promise<void>(() => undefined), 50);
    await oldDb.open();
    const started = Date.now();
    const newer = new NewerDb(factory);
    await newer.open();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(oldDb.isOpen()).toBe(false);
    newer.close();
  });
});
