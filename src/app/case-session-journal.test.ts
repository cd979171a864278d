import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqlEngine } from '../data/engine';
import { createNodeEngine } from '../data/testing/node-engine';
import { asCellId } from '../notebook/ids';
import { updateConfig } from '../notebook/ops';
import { sampleCase } from '../notebook/test-helpers';
import type { Case } from '../notebook/types';
import { EditJournal } from '../storage/journal';
import { freshFactory, MapStorage, openDb } from '../storage/test-db';
import { Workspace } from '../storage/workspace';
import { CaseSession } from './case-session.svelte';
import { Toasts } from './toasts.svelte';

/*
 * Issue 18 item 5 (an edit is never silently dropped), for a tab closed before its save ran while
 * another tab has the case open. The closed tab's edits are in the journal (localStorage, shared by
 * the tabs); the open tab picks them up (`pickUpJournaled`, on the `storage` event) and keeps its
 * own unsaved edits. Before, the open tab's next save cleared the entry: the edits were gone.
 */

// One engine for the file: the sessions here only save, and never run a cell.
let engine: SqlEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const markdown = (c: Case): string => {
  const cell = c.cells.find((x) => x.id === asCellId('m1'));
  return cell?.kind === 'markdown' ? cell.config.text : '';
};

async function twoTabs() {
  const factory = freshFactory();
  const storage = new MapStorage();
  const tab = () => new Workspace(openDb(factory), { journal: new EditJournal(storage) });
  const first = tab();
  const doc = sampleCase();
  const rev = await first.createCase(doc);
  const session = (workspace: Workspace) =>
    new CaseSession(doc, rev, { workspace, engine, toasts: new Toasts() });
  return {
    storage,
    first,
    second: session(tab()),
    reader: tab(),
    closing: () => closing(session(first), first),
  };
}

/**
 * The first tab's session, about to go away: its saves never reach the database (the page is gone
 * before the transaction runs), so only what it journals survives it.
 */
function closing(session: CaseSession, workspace: Workspace): CaseSession {
  vi.spyOn(workspace, 'saveCase').mockImplementation(() => new Promise<number>(() => undefined));
  return session;
}

describe('a tab closed before its save ran, while another tab has the case open', () => {
  it('the open tab saves the closed tab’s edit and keeps its own unsaved one', async () => {
    const { storage, second, reader, closing } = await twoTabs();
    const first = closing();
    first.rename('Renamed in the tab that closed');
    // The page goes away inside the save's wait: only the journal holds the edit.
    first.journalUnsaved();
    expect(storage.items.size).toBe(1);

    second.edit((c, now) =>
      updateConfig(c, asCellId('m1'), 'markdown', { text: '# Written in the open tab' }, now),
    );
    await second.pickUpJournaled();
    expect(second.doc.title).toBe('Renamed in the tab that closed');
    expect(markdown(second.doc)).toBe('# Written in the open tab');
    expect(storage.items.size).toBe(0);

    await vi.advanceTimersByTimeAsync(300);
    await vi.waitFor(() => expect(second.saveStatus).toEqual({ state: 'saved' }));
    const stored = await reader.readCase(second.doc.id);
    expect(stored?.doc.title).toBe('Renamed in the tab that closed');
    expect(markdown(stored?.doc ?? second.doc)).toBe('# Written in the open tab');
    first.dispose();
    second.dispose();
  });

  it('the open tab’s own save leaves the closed tab’s entry for the next open', async () => {
    const { storage, second, reader, closing } = await twoTabs();
    const first = closing();
    first.rename('Renamed in the tab that closed');
    first.journalUnsaved();

    // The open tab saves before it picks the entry up: its save does not hold the other's edit.
    second.edit((c, now) => updateConfig(c, asCellId('m1'), 'markdown', { text: '# Saved first' }, now));
    await vi.advanceTimersByTimeAsync(300);
    await vi.waitFor(() => expect(second.saveStatus).toEqual({ state: 'saved' }));
    expect(storage.items.size).toBe(1);

    const { doc, warnings } = await reader.loadCase(second.doc.id);
    expect(doc.title).toBe('Renamed in the tab that closed');
    expect(markdown(doc)).toBe('# Saved first');
    expect(warnings.join(' ')).toMatch(/Recovered the edits/);
    first.dispose();
    second.dispose();
  });

  it('a tab does not pick up its own entry: its own save settles it', async () => {
    const { storage, first: workspace, reader } = await twoTabs();
    const first = new CaseSession(sampleCase(), 1, { workspace, engine, toasts: new Toasts() });
    first.rename('Hidden, then saved');
    first.journalUnsaved();
    await first.pickUpJournaled();
    expect(storage.items.size).toBe(1);
    await vi.advanceTimersByTimeAsync(300);
    await vi.waitFor(() => expect(first.saveStatus).toEqual({ state: 'saved' }));
    expect(storage.items.size).toBe(0);
    expect((await reader.readCase(first.doc.id))?.rev).toBe(2);
    first.dispose();
  });
});
