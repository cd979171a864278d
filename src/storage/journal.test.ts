import type { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { asCaseId } from '../notebook/ids';
import { renameCase } from '../notebook/ops';
import { EditJournal, journaledCase, shouldRecover } from './journal';
import { caseNamed, freshFactory, MapStorage, openDb } from './test-db';
import { Workspace } from './workspace';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:00:01.000Z';
const T2 = '2026-01-01T00:00:02.000Z';
const ID = asCaseId('c');

let factory: IDBFactory;
let storage: MapStorage;
/** One "page": a workspace on the shared database and the shared localStorage. */
const page = (): Workspace => new Workspace(openDb(factory), { journal: new EditJournal(storage) });

beforeEach(() => {
  factory = freshFactory();
  storage = new MapStorage();
});

describe('shouldRecover', () => {
  const entry = { baseRev: 3, saving: false, updatedAt: T1, doc: {} };
  it('recovers newer edits based on the stored rev', () => {
    expect(shouldRecover(entry, { rev: 3, updatedAt: T0 })).toBe(true);
  });
  it('refuses when another save happened since (rev moved on), or the stored copy is as new', () => {
    expect(shouldRecover(entry, { rev: 4, updatedAt: T0 })).toBe(false);
    expect(shouldRecover(entry, { rev: 3, updatedAt: T1 })).toBe(false);
  });
  it('accepts the rev a save in flight made, but only when one was in flight', () => {
    expect(shouldRecover({ ...entry, saving: true }, { rev: 4, updatedAt: T0 })).toBe(true);
    expect(shouldRecover({ ...entry, saving: true }, { rev: 5, updatedAt: T0 })).toBe(false);
  });
});

describe('EditJournal', () => {
  it('drops unreadable or malformed entries instead of trusting them', () => {
    const journal = new EditJournal(storage);
    storage.setItem('casebook:unsaved:c', '{not json');
    expect(journal.read('c')).toBeNull();
    expect(storage.items.size).toBe(0);
    storage.setItem(
      'casebook:unsaved:c',
      JSON.stringify({ baseRev: 0, saving: false, updatedAt: T0, doc: {} }),
    );
    expect(journal.read('c')).toBeNull();
    storage.setItem(
      'casebook:unsaved:c',
      JSON.stringify({ baseRev: 1, saving: 'no', updatedAt: T0, doc: {} }),
    );
    expect(journal.read('c')).toBeNull();
  });

  it('is best effort: a full quota or no storage at all reports false and throws nothing', () => {
    storage.full = true;
    expect(new EditJournal(storage).write('c', { baseRev: 1, saving: false, updatedAt: T0, doc: {} })).toBe(
      false,
    );
    const none = new EditJournal(null);
    expect(none.write('c', { baseRev: 1, saving: false, updatedAt: T0, doc: {} })).toBe(false);
    expect(none.read('c')).toBeNull();
  });

  it('signs each entry with its page: a page settles only its own, and tells another’s apart', () => {
    const mine = new EditJournal(storage, 'tab-a');
    const theirs = new EditJournal(storage, 'tab-b');
    mine.write('c', { baseRev: 1, saving: false, updatedAt: T1, doc: {} });
    expect(mine.read('c')?.writer).toBe('tab-a');
    expect([mine.foreign('c'), theirs.foreign('c')]).toEqual([false, true]);
    // Another page's save, however new, did not hold this page's edits.
    theirs.settle('c', T2);
    expect(storage.items.size).toBe(1);
    mine.settle('c', T0);
    expect(storage.items.size).toBe(1);
    mine.settle('c', T1);
    expect(storage.items.size).toBe(0);
    // Entries from before pages signed them are anyone's to settle.
    storage.setItem(
      'casebook:unsaved:c',
      JSON.stringify({ baseRev: 1, saving: false, updatedAt: T1, doc: {} }),
    );
    expect(theirs.foreign('c')).toBe(false);
    theirs.settle('c', T1);
    expect(storage.items.size).toBe(0);
    storage.setItem(
      'casebook:unsaved:c',
      JSON.stringify({ baseRev: 1, saving: false, updatedAt: T1, doc: {}, writer: 7 }),
    );
    expect(mine.read('c')).toBeNull();
  });

  it('clears an entry it read only while it is still the one stored', () => {
    const journal = new EditJournal(storage, 'tab-a');
    journal.write('c', { baseRev: 1, saving: false, updatedAt: T1, doc: {} });
    const read = journal.read('c');
    new EditJournal(storage, 'tab-b').write('c', { baseRev: 1, saving: false, updatedAt: T2, doc: {} });
    if (read) journal.clearIfSame('c', read);
    expect(journal.read('c')?.writer).toBe('tab-b');
  });

  it('names the case of a journal key (a storage event’s), and nothing else', () => {
    expect(journaledCase('casebook:unsaved:case-1')).toBe('case-1');
    expect(journaledCase('casebook:unsaved:')).toBeNull();
    expect(journaledCase('casebook:other')).toBeNull();
    expect(journaledCase(null)).toBeNull();
  });
});

describe('Workspace with a journal (page unloaded before the debounced save)', () => {
  it('saves the journaled edits at the next open, once, and says so', async () => {
    const before = page();
    await before.createCase(caseNamed('c', 'Draft', T0));
    const edited = renameCase(caseNamed('c', 'Draft', T0), 'Edited just before reload', T1);
    expect(before.journalUnsaved(edited, 1, false, caseNamed('c', 'Draft', T0))).toBe(true);

    const after = page();
    const { doc, rev, warnings } = await after.loadCase(ID);
    expect(doc.title).toBe('Edited just before reload');
    expect(rev).toBe(2);
    expect(warnings.join(' ')).toMatch(/Recovered the edits/);
    expect(storage.items.size).toBe(0);
    // Stored for good: a third page sees it without the journal.
    const again = await page().loadCase(ID);
    expect(again).toEqual({ doc, rev: 2, warnings: [] });
  });

  it('keeps newer work saved by another tab, and offers the journaled edit of the same part as a conflict', async () => {
    const ws = page();
    const draft = caseNamed('c', 'Draft', T0);
    await ws.createCase(draft);
    ws.journalUnsaved(renameCase(draft, 'Stale tab', T1), 1, false, draft);
    const other = new Workspace(openDb(factory));
    await other.saveCase(renameCase(draft, 'Other tab', T2), 1);

    const { doc, rev, conflicts } = await page().loadCase(ID);
    expect(doc.title).toBe('Other tab');
    expect(rev).toBe(2);
    expect(conflicts).toEqual([{ part: 'title', mine: 'Stale tab' }]);
    expect(storage.items.size).toBe(0);
  });

  it('merges a journaled edit onto another tab’s newer save when they changed different parts', async () => {
    const ws = page();
    const draft = caseNamed('c', 'Draft', T0);
    await ws.createCase(draft);
    ws.journalUnsaved(renameCase(draft, 'Renamed here', T1), 1, false, draft);
    const note = { ...draft, cells: draft.cells.filter((c) => c.kind !== 'markdown'), updatedAt: T2 };
    await new Workspace(openDb(factory)).saveCase(note, 1);

    const { doc, rev, conflicts, warnings } = await page().loadCase(ID);
    expect([doc.title, doc.cells.length, rev]).toEqual(['Renamed here', note.cells.length, 3]);
    expect(conflicts).toBeUndefined();
    expect(warnings.join(' ')).toMatch(/Recovered the edits/);
  });

  it('recovers over a save that was in flight when the page went away', async () => {
    const ws = page();
    await ws.createCase(caseNamed('c', 'Draft', T0));
    const newest = renameCase(caseNamed('c', 'Draft', T0), 'Newest', T2);
    ws.journalUnsaved(newest, 1, true, caseNamed('c', 'Draft', T0));
    // The older save in flight lands after the journal was written (rev 1 -> 2).
    await new Workspace(openDb(factory)).saveCase(
      renameCase(caseNamed('c', 'Draft', T0), 'In flight', T1),
      1,
    );

    const { doc, rev } = await page().loadCase(ID);
    expect(doc.title).toBe('Newest');
    expect(rev).toBe(3);
  });

  it('clears the entry once a save at least as new lands, so a later open does not replay it', async () => {
    const ws = page();
    await ws.createCase(caseNamed('c', 'Draft', T0));
    const edited = renameCase(caseNamed('c', 'Draft', T0), 'Saved after all', T1);
    ws.journalUnsaved(edited, 1, false, caseNamed('c', 'Draft', T0));
    await ws.saveCase(edited, 1);
    expect(storage.items.size).toBe(0);
  });

  it('recoverJournaled: a page with the case open saves another page’s entry, never its own', async () => {
    const ws = page();
    const draft = caseNamed('c', 'Draft', T0);
    await ws.createCase(draft);
    ws.journalUnsaved(renameCase(draft, 'From the closed tab', T1), 1, false, draft);
    expect(await ws.recoverJournaled(ID)).toBeNull();
    expect(storage.items.size).toBe(1);

    const open = page();
    const recovered = await open.recoverJournaled(ID);
    expect([recovered?.doc.title, recovered?.rev]).toEqual(['From the closed tab', 2]);
    expect(recovered?.warnings.join(' ')).toMatch(
      /Recovered the edits another tab made just before it was closed/,
    );
    expect(storage.items.size).toBe(0);
    expect(await open.recoverJournaled(ID)).toBeNull();
    expect((await open.readCase(ID))?.rev).toBe(2);
  });

  it('ignores an entry that is not a valid case or belongs to another case', async () => {
    const ws = page();
    await ws.createCase(caseNamed('c', 'Draft', T0));
    storage.setItem(
      'casebook:unsaved:c',
      JSON.stringify({ baseRev: 1, saving: false, updatedAt: T2, doc: { cells: 5 } }),
    );
    expect((await page().loadCase(ID)).doc.title).toBe('Draft');
    ws.journalUnsaved({ ...caseNamed('other', 'Other', T2) }, 1, false, caseNamed('other', 'Other', T0));
    storage.setItem('casebook:unsaved:c', storage.getItem('casebook:unsaved:other') ?? '');
    const { doc, rev } = await page().loadCase(ID);
    expect(doc.title).toBe('Draft');
    expect(rev).toBe(1);
  });
});
