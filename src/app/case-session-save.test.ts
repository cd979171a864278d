import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNodeEngine } from '../data/testing/node-engine';
import { sampleCase } from '../notebook/test-helpers';
import { freshFactory, openDb } from '../storage/test-db';
import { Workspace } from '../storage/workspace';
import { CaseSession } from './case-session.svelte';
import { saveStatusText } from './save-status';
import { Toasts } from './toasts.svelte';

/*
 * Issue 18 item 10 at the app level: a case session whose storage refuses N saves (a full disk,
 * the DOMException browsers throw) and then takes them. Checked against what the item asks: the
 * error state stays through later edits, saving retries on a timer with no new edit, and the
 * error goes only when a save succeeds, with every edit stored.
 */

beforeEach(() => {
  // Timers only: fake-indexeddb schedules its own work with setImmediate, which keeps running.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const quotaError = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

async function sessionFailing(times: number) {
  const workspace = new Workspace(openDb(freshFactory()));
  const doc = sampleCase();
  const rev = await workspace.createCase(doc);
  const toasts = new Toasts();
  const save = workspace.saveCase.bind(workspace);
  let failuresLeft = times;
  const attempts: number[] = [];
  vi.spyOn(workspace, 'saveCase').mockImplementation((value, expectedRev) => {
    attempts.push(Date.now());
    if (failuresLeft > 0) {
      failuresLeft--;
      return Promise.reject(quotaError());
    }
    return save(value, expectedRev);
  });
  const session = new CaseSession(doc, rev, { workspace, engine: await createNodeEngine(), toasts });
  return { session, workspace, toasts, attempts, doc };
}

describe('saving a case while the disk is full', () => {
  it('keeps the error through later edits, retries on a timer, and clears it only once a save succeeds', async () => {
    const { session, workspace, toasts, attempts, doc } = await sessionFailing(3);
    session.rename('Edited while full');
    expect(saveStatusText(session.saveStatus)).toBe('Saving…');
    await vi.advanceTimersByTimeAsync(300);
    expect(attempts).toHaveLength(1);
    expect(session.saveStatus).toMatchObject({ state: 'error', error: { code: 'quota' } });
    const status = session.saveStatus;
    expect(status.state === 'error' && status.error.message).toMatch(
      /^Storage full: free space or export the workspace/,
    );
    // A banner shows it, not a toast.
    expect(toasts.list).toEqual([]);

    // A later edit does not read "Saving…": nothing is called saved, or about to be, while it fails.
    session.rename('Edited again while full');
    expect(saveStatusText(session.saveStatus)).toBe('Not saved');
    await vi.advanceTimersByTimeAsync(300);
    expect(attempts).toHaveLength(2);
    expect(session.saveState).toBe('error');

    // No edit now: the timer retries (after 2 s, the second failure's back-off), fails a third
    // time, then succeeds 4 s later.
    await vi.advanceTimersByTimeAsync(1_999);
    expect(attempts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toHaveLength(3);
    expect(session.saveState).toBe('error');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(attempts).toHaveLength(4);
    await vi.waitFor(() => expect(session.saveStatus).toEqual({ state: 'saved' }));
    expect((await workspace.readCase(doc.id))?.doc.title).toBe('Edited again while full');
    // Saved: no timer left running.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempts).toHaveLength(4);
    session.dispose();
  });

  it('retries at least every 10 s however long the disk stays full', async () => {
    const { session, attempts } = await sessionFailing(20);
    session.rename('Edited while full');
    await vi.advanceTimersByTimeAsync(300);
    // 1, 2, 4, 8, then 10 s between tries.
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 8_000 + 10_000 * 3);
    expect(attempts).toHaveLength(8);
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? t));
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    expect(session.saveState).toBe('error');
    session.dispose();
  });
});
