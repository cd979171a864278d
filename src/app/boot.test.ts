import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { openCasebook } from '../storage/open';
import { readRawDatabase, writeRawDatabase } from '../storage/raw-backup';
import { freshFactory } from '../storage/test-db';
import { bootStorage, rawBackupFileName } from './boot';

/*
 * Issue 18 item 8 at the app level: the boot opens the real database code (`openCasebook` on
 * fake-indexeddb) before any workspace; when it cannot, the screen gets the message and a
 * download of every table, and nothing is written.
 */

const DAY = new Date(2026, 11, 7, 23, 59);

function downloads() {
  const saved: { name: string; file: Blob }[] = [];
  return { saved, save: (name: string, file: Blob) => saved.push({ name, file }) };
}

async function newerDatabase(): Promise<IDBFactory> {
  const factory = freshFactory();
  await writeRawDatabase(factory, {
    format: 'casebook-raw-idb',
    name: 'casebook',
    version: 1000,
    stores: [
      {
        name: 'cases',
        keyPath: 'id',
        autoIncrement: false,
        indexes: [],
        rows: [{ id: 'case-1', title: 'marker-7f3a' }],
      },
    ],
  });
  return factory;
}

describe('bootStorage', () => {
  it('a database it cannot open: the message, and a download of every table named with the date; nothing written', async () => {
    const factory = await newerDatabase();
    const before = await readRawDatabase(factory, 'casebook');
    const { saved, save } = downloads();
    const boot = await bootStorage(save, {
      open: () => openCasebook({ indexedDB: factory, IDBKeyRange }),
      now: () => DAY,
    });
    if (boot.state !== 'failed') throw new Error('the newer database was opened');
    expect(boot.failure.message).toMatch(/newer version of Casebook/);
    expect(saved).toEqual([]);

    expect(await boot.failure.downloadRawBackup()).toBe(
      'Downloaded casebook-raw-backup-2026-12-07.json: every table of this browser’s Casebook data, as JSON. Keep it.',
    );
    expect(saved.map((s) => s.name)).toEqual(['casebook-raw-backup-2026-12-07.json']);
    const text = await saved[0]?.file.text();
    expect(JSON.parse(text ?? 'null')).toEqual(before);
    expect(text).toContain('marker-7f3a');
    expect(await readRawDatabase(factory, 'casebook')).toEqual(before);
  });

  it('says so when there is no database to back up, and when reading it fails', async () => {
    const { saved, save } = downloads();
    const error = new DOMException('Denied', 'SecurityError');
    const none = await bootStorage(save, {
      open: () =>
        Promise.resolve({
          ok: false,
          error: new AppError('storage', 'The browser’s storage failed.', { cause: error }),
          rawBackup: async () => null,
        }),
    });
    if (none.state !== 'failed') throw new Error('opened');
    expect(await none.failure.downloadRawBackup()).toMatch(/no Casebook data: there is nothing to back up/);
    const broken = await bootStorage(save, {
      open: () =>
        Promise.resolve({
          ok: false,
          error: new AppError('storage', 'The browser’s storage failed.', { cause: error }),
          rawBackup: () => Promise.reject(error),
        }),
    });
    if (broken.state !== 'failed') throw new Error('opened');
    expect(await broken.failure.downloadRawBackup()).toMatch(/could not be read: Denied/);
    expect(saved).toEqual([]);
  });

  it('a database it can open is handed over open, with no download', async () => {
    const { saved, save } = downloads();
    const boot = await bootStorage(save, {
      open: () => openCasebook({ indexedDB: freshFactory(), IDBKeyRange }),
    });
    if (boot.state !== 'open') throw new Error(boot.failure.message);
    expect(boot.db.isOpen()).toBe(true);
    boot.db.close();
    expect(saved).toEqual([]);
  });

  it('names the file by the local date', () => {
    expect(rawBackupFileName(new Date(2027, 0, 3, 0, 1))).toBe('casebook-raw-backup-2027-01-03.json');
  });
});
