import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNodeEngine } from '../data/testing/node-engine';
import { asCellId, type CaseId } from '../notebook/ids';
import { sampleCase } from '../notebook/test-helpers';
import type { Case } from '../notebook/types';
import { freshFactory, openDb } from '../storage/test-db';
import { Workspace, type Loaded } from '../storage/workspace';
import { AppState } from './app-state.svelte';
import { TabOwner } from './tab-owner.svelte';
import { Toasts } from './toasts.svelte';

/*
 * Issue 18 target 4 (the tldraw rule): while a case is still loading, no autosave writes an empty
 * or partial copy over the stored one, and an edit made meanwhile is kept with the stored content.
 * Through the app itself (`AppState`, its `CaseSession`, a real `Workspace` on fake-indexeddb);
 * only `loadCase` is wrapped, so that its answer comes when the test says.
 */

afterEach(() => {
  vi.restoreAllMocks();
});

/** `loadCase` reads the stored copy at once but answers only on `release()` (a slow disk). */
function delayNextLoad(workspace: Workspace): { release: () => void; called: () => boolean } {
  const load = workspace.loadCase.bind(workspace);
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let called = false;
  vi.spyOn(workspace, 'loadCase').mockImplementationOnce(async (id: CaseId): Promise<Loaded> => {
    called = true;
    const loaded = await load(id);
    await gate;
    return loaded;
  });
  return { release: () => release(), called: () => called };
}

const cellIds = (doc: Case | undefined): string[] => doc?.cells.map((c) => c.id) ?? [];

describe('a case that is still loading', () => {
  it('is never autosaved meanwhile, and an edit made during the load survives with the stored content', async () => {
    const workspace = new Workspace(openDb(freshFactory()));
    const stored = sampleCase();
    await workspace.createCase(stored);
    const saved: { doc: Case; rev: number }[] = [];
    const save = workspace.saveCase.bind(workspace);
    vi.spyOn(workspace, 'saveCase').mockImplementation((doc, rev) => {
      saved.push({ doc, rev });
      return save(doc, rev);
    });
    const toasts = new Toasts();
    const app = new AppState(workspace, await createNodeEngine(), toasts, new TabOwner(null));

    // The first open, held mid-load: there is no notebook to edit, and nothing is written.
    const firstLoad = delayNextLoad(workspace);
    const opening = app.openCase(stored.id, { run: false });
    await vi.waitFor(() => expect(firstLoad.called()).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(app.session).toBeNull();
    expect(saved).toEqual([]);
    firstLoad.release();
    await opening;
    const first = app.session;
    if (!first) throw new Error('the case did not open');
    expect(first.doc).toEqual(stored);

    // A cell deleted (and saved), then the case opened again (picked in the list) with a slow load:
    // the load reads the copy without the cell, and the delete's Undo is pressed before it answers.
    first.deleteCell(asCellId('m1'));
    await first.flush();
    const undo = toasts.list.find((t) => t.action?.label === 'Undo')?.action;
    if (!undo) throw new Error('no Undo offered for the delete');
    const secondLoad = delayNextLoad(workspace);
    const reopening = app.openCase(stored.id, { run: false });
    await vi.waitFor(() => expect(secondLoad.called()).toBe(true));
    expect(app.session).toBeNull();
    const savesBefore = saved.length;
    undo.run();
    await first.flush();
    // The Undo went to the case through the copy that had it open, whole: never an empty notebook.
    expect(saved.slice(savesBefore).map((s) => cellIds(s.doc))).toEqual([['s1', 'q1', 'q2', 'm1']]);
    secondLoad.release();
    await reopening;
    const second = app.session;
    if (!second || second === first) throw new Error('the case did not open again');

    // The reopened copy predates the Undo; its first edit must not write the cell away.
    second.rename('Edited after the load');
    await second.flush();
    expect(second.saveState).toBe('saved');
    const after = await workspace.readCase(stored.id);
    expect(after?.doc.title).toBe('Edited after the load');
    expect(after?.doc.cells).toEqual(stored.cells);
    expect(second.doc).toEqual(after?.doc);
    // Every save held the stored content: no copy without the case's cells ever reached the disk.
    for (const { doc } of saved) expect(cellIds(doc).slice(0, 3)).toEqual(['s1', 'q1', 'q2']);
    second.dispose();
  });
});
