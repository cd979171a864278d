import { describe, expect, it } from 'vitest';
import { CalibrationStore } from './calibrations';
import { freshFactory, openDb } from './test-db';

/* The calibration rows (schema version 6): one per device key, a cache whose failures are notes. */

const row = (key: string, measuredAt: string) => ({
  version: 1,
  key,
  measuredAt,
  entries: [],
  winner: null,
  totalMs: 1,
});

describe('CalibrationStore', () => {
  it('keeps one calibration per device key and replaces it when measured again', async () => {
    const db = openDb(freshFactory());
    const store = new CalibrationStore(db);
    expect(await store.get('laptop')).toBeNull();
    await store.put(row('laptop', '2026-12-07T08:00:00.000Z'));
    await store.put(row('desktop', '2026-12-07T08:01:00.000Z'));
    await store.put(row('laptop', '2026-12-07T09:00:00.000Z'));
    expect(await store.get('laptop')).toEqual(row('laptop', '2026-12-07T09:00:00.000Z'));
    expect(await db.calibrations.count()).toBe(2);
    await store.clear();
    expect(await store.get('desktop')).toBeNull();
    db.close();
  });

  it('a database that fails is a console note and a fresh measurement, never an error', async () => {
    const db = openDb(freshFactory());
    await db.open();
    db.close();
    const notes: string[] = [];
    const store = new CalibrationStore(db, (message) => notes.push(message));
    expect(await store.get('laptop')).toBeNull();
    await store.put(row('laptop', '2026-12-07T08:00:00.000Z'));
    expect(notes).toEqual([
      'reading the backend calibration failed; it is measured again',
      'keeping the backend calibration failed; it is measured again next time',
    ]);
  });
});
