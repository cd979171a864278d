/*
 * Tabs of Casebook tell each other what they saved (BroadcastChannel, same origin; issue 18): a
 * tab with the same case open takes the newer copy within a moment, merging its own unsaved
 * edits on top (`CaseSession.adoptNewer`), and every tab refreshes its list of cases.
 *
 * A tab closed before its save ran leaves its edits in the edit journal (localStorage), and the
 * browser tells the other tabs with a `storage` event: `onJournalLeft` hears it, so that a tab with
 * the case open saves them (`CaseSession.pickUpJournaled`).
 */

import { journaledCase } from '../storage/journal';

export type TabMessage =
  | { readonly type: 'case-saved'; readonly caseId: string; readonly rev: number }
  | { readonly type: 'cases-changed' };

const CHANNEL = 'casebook';

export class TabChannel {
  readonly #channel: BroadcastChannel | null;
  readonly #listeners = new Set<(message: TabMessage) => void>();

  constructor() {
    this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
    if (this.#channel) {
      this.#channel.onmessage = (event: MessageEvent<unknown>) => {
        const message = parseTabMessage(event.data);
        if (message) for (const listener of this.#listeners) listener(message);
      };
    }
  }

  post(message: TabMessage): void {
    this.#channel?.postMessage(message);
  }

  listen(listener: (message: TabMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#channel?.close();
  }
}

/**
 * Calls `listener` with the case whose journal entry another tab just wrote (the browser sends a
 * `storage` event to every other tab of the origin, not to the writer). Returns the unsubscribe.
 */
export function onJournalLeft(listener: (caseId: string) => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const heard = (event: StorageEvent): void => {
    const caseId = event.newValue === null ? null : journaledCase(event.key);
    if (caseId !== null) listener(caseId);
  };
  window.addEventListener('storage', heard);
  return () => window.removeEventListener('storage', heard);
}

/** Another tab's message, checked: anything else on the channel is ignored (null). */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (data === null || typeof data !== 'object') return null;
  const type: unknown = Reflect.get(data, 'type');
  if (type === 'cases-changed') return { type };
  if (type !== 'case-saved') return null;
  const caseId: unknown = Reflect.get(data, 'caseId');
  const rev: unknown = Reflect.get(data, 'rev');
  return typeof caseId === 'string' && typeof rev === 'number' && Number.isInteger(rev) && rev >= 1
    ? { type, caseId, rev }
    : null;
}
