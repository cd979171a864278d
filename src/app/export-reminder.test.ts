import { describe, expect, it } from 'vitest';
import { ExportClock, FIRST_VISIT_KEY, LAST_EXPORT_KEY, type SessionStore } from './export-clock.svelte';
import { EXPORT_REMINDER_DAYS, parseStoredTime, storageNotice, storageNoticeText } from './export-reminder';

const now = new Date('2026-12-07T12:00:00.000Z');
const daysAgo = (days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString();

describe('storageNotice', () => {
  it('shows nothing where storage is persistent, however long since the last export', () => {
    expect(
      storageNotice('granted', { lastExportAt: daysAgo(400), firstVisitAt: daysAgo(500) }, now),
    ).toBeNull();
    expect(storageNotice('granted', { lastExportAt: null, firstVisitAt: daysAgo(500) }, now)).toBeNull();
  });

  it('shows nothing until the browser has answered', () => {
    expect(storageNotice(null, { lastExportAt: null, firstVisitAt: daysAgo(500) }, now)).toBeNull();
  });

  it('warns where persistence was refused, and reminds from the seventh day without an export', () => {
    const recent = storageNotice('denied', { lastExportAt: daysAgo(6.9), firstVisitAt: daysAgo(90) }, now);
    expect(recent).toEqual({ refused: true, overdueDays: null, neverExported: false });
    const due = storageNotice('denied', { lastExportAt: daysAgo(7), firstVisitAt: daysAgo(90) }, now);
    expect(due).toEqual({ refused: true, overdueDays: EXPORT_REMINDER_DAYS, neverExported: false });
    expect(storageNotice('denied', { lastExportAt: daysAgo(12.5), firstVisitAt: daysAgo(90) }, now)).toEqual({
      refused: true,
      overdueDays: 12,
      neverExported: false,
    });
  });

  it('counts from the first visit when there was never an export', () => {
    expect(
      storageNotice('denied', { lastExportAt: null, firstVisitAt: daysAgo(3) }, now)?.overdueDays,
    ).toBeNull();
    expect(storageNotice('denied', { lastExportAt: null, firstVisitAt: daysAgo(30) }, now)).toEqual({
      refused: true,
      overdueDays: 30,
      neverExported: true,
    });
  });

  it('warns before the clock is read, without a reminder', () => {
    expect(storageNotice('denied', null, now)).toEqual({
      refused: true,
      overdueDays: null,
      neverExported: true,
    });
  });

  it('where the browser lacks the Storage API, reminds only once due', () => {
    expect(
      storageNotice('unsupported', { lastExportAt: daysAgo(2), firstVisitAt: daysAgo(90) }, now),
    ).toBeNull();
    expect(storageNotice('unsupported', null, now)).toBeNull();
    expect(
      storageNotice('unsupported', { lastExportAt: daysAgo(8), firstVisitAt: daysAgo(90) }, now),
    ).toEqual({
      refused: false,
      overdueDays: 8,
      neverExported: false,
    });
  });

  it('an export dated in the future (a clock set back) never reminds, and never shows negative days', () => {
    expect(
      storageNotice('denied', { lastExportAt: daysAgo(-30), firstVisitAt: daysAgo(90) }, now)?.overdueDays,
    ).toBeNull();
  });
});

describe('storageNoticeText', () => {
  it('tells the user to export the workspace, and says how long it has been', () => {
    expect(storageNoticeText({ refused: true, overdueDays: null, neverExported: true })).toMatch(
      /did not grant persistent storage.*Export the workspace/,
    );
    expect(storageNoticeText({ refused: true, overdueDays: 9, neverExported: false })).toContain(
      'last exported 9 days ago',
    );
    expect(storageNoticeText({ refused: true, overdueDays: 30, neverExported: true })).toContain(
      'has not been exported in the 30 days',
    );
    const unsupported = storageNoticeText({ refused: false, overdueDays: 8, neverExported: false });
    expect(unsupported).not.toContain('did not grant');
    expect(unsupported).toContain('export the workspace');
  });
});

describe('parseStoredTime', () => {
  it('keeps an ISO time and refuses anything else', () => {
    expect(parseStoredTime('2026-12-01T00:00:00.000Z')).toBe('2026-12-01T00:00:00.000Z');
    for (const bad of [undefined, null, 12, 'yesterday', {}, ['2026-12-01']])
      expect(parseStoredTime(bad)).toBeNull();
  });
});

function memoryStore(initial: Record<string, unknown> = {}): SessionStore & { values: Map<string, unknown> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getSession: (key) => Promise.resolve(values.get(key)),
    setSession: (key, value) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

describe('ExportClock', () => {
  it('starts the clock at the first visit, once', async () => {
    const store = memoryStore();
    const clock = new ExportClock(store);
    expect(clock.times).toBeNull();
    await clock.load(now);
    expect(clock.times).toEqual({ lastExportAt: null, firstVisitAt: now.toISOString() });
    await new ExportClock(store).load(new Date(now.getTime() + 86_400_000));
    expect(store.values.get(FIRST_VISIT_KEY)).toBe(now.toISOString());
  });

  it('reads what a past visit stored, ignoring a value that is not a time', async () => {
    const store = memoryStore({ [FIRST_VISIT_KEY]: daysAgo(40), [LAST_EXPORT_KEY]: { at: 'not a time' } });
    const clock = new ExportClock(store);
    await clock.load(now);
    expect(clock.times).toEqual({ lastExportAt: null, firstVisitAt: daysAgo(40) });
  });

  it('an export restarts the reminder and is stored for the next visit', async () => {
    const store = memoryStore({ [FIRST_VISIT_KEY]: daysAgo(40) });
    const clock = new ExportClock(store);
    await clock.load(now);
    expect(storageNotice('denied', clock.times, now)?.overdueDays).toBe(40);
    await clock.exported(now);
    expect(storageNotice('denied', clock.times, now)?.overdueDays).toBeNull();
    const next = new ExportClock(store);
    await next.load(new Date(now.getTime() + 8 * 86_400_000));
    expect(next.times?.lastExportAt).toBe(now.toISOString());
    expect(storageNotice('denied', next.times, new Date(now.getTime() + 8 * 86_400_000))?.overdueDays).toBe(
      8,
    );
  });
});
