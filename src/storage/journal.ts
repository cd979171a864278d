import { randomId } from '../lib/random-id';

/**
 * The last resort against losing the newest edits when a page goes away.
 *
 * Autosave writes to IndexedDB a moment after the last change, and an IndexedDB transaction
 * started while the page unloads is not guaranteed to finish: a reload or a closed tab within
 * that moment lost the edits. When the page is hidden or unloads, the session writes its unsaved
 * document here, synchronously (localStorage), with the rev it was based on. The next time the
 * case is opened, `Workspace.loadCase` saves the journaled document if the stored copy is still
 * the one it was based on; if another tab saved since, the edits are merged onto its copy
 * (parts both changed keep the stored version and are offered as conflicts).
 *
 * Each page signs its entries (`writer`). A page clears only its own entry once its save lands: an
 * entry another page left (a tab closed before its save ran) stays until it is recovered, at the
 * next open or by a tab that has the case open (`Workspace.recoverJournaled`), so that another
 * tab's later save can never make it vanish unseen.
 */

/** The slice of the Web Storage API the journal uses (localStorage in the app, a Map in tests). */
export interface JournalStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface JournalEntry {
  /** The stored rev the unsaved document was based on. */
  readonly baseRev: number;
  /** A save of an older document was in flight: the stored copy may be at `baseRev + 1`. */
  readonly saving: boolean;
  /** The document's `updatedAt`: an entry is dropped once a document at least this new is saved. */
  readonly updatedAt: string;
  /** The unsaved document, validated again (restore) before it is used. */
  readonly doc: unknown;
  /** The stored copy the edits were made on: another tab's newer save is merged with them. */
  readonly base?: unknown;
  /** The page that wrote it (absent in entries written before pages signed them). */
  readonly writer?: string;
}

const PREFIX = 'casebook:unsaved:';

/** The case whose journal entry a localStorage key holds (a `storage` event's key), or null. */
export function journaledCase(key: string | null): string | null {
  return key !== null && key.startsWith(PREFIX) && key.length > PREFIX.length
    ? key.slice(PREFIX.length)
    : null;
}

export class EditJournal {
  readonly #storage: JournalStorage | null;
  /** This page's signature on the entries it writes. */
  readonly writer: string;

  constructor(storage: JournalStorage | null, writer: string = randomId()) {
    this.#storage = storage;
    this.writer = writer;
  }

  /** The page's localStorage, or a journal that keeps nothing where it is unavailable. */
  static forPage(): EditJournal {
    try {
      return new EditJournal(globalThis.localStorage ?? null);
    } catch {
      // Storage disabled by the browser's settings: reading `localStorage` itself throws.
      return new EditJournal(null);
    }
  }

  /** Writes the entry; false when it could not (no storage, quota): the journal is best effort. */
  write(caseId: string, entry: Omit<JournalEntry, 'writer'>): boolean {
    if (!this.#storage) return false;
    try {
      this.#storage.setItem(PREFIX + caseId, JSON.stringify({ ...entry, writer: this.writer }));
      return true;
    } catch {
      return false;
    }
  }

  /** The entry for a case, or null when there is none or it is unreadable (then it is removed). */
  read(caseId: string): JournalEntry | null {
    if (!this.#storage) return null;
    let text: string | null;
    try {
      text = this.#storage.getItem(PREFIX + caseId);
    } catch {
      return null;
    }
    if (text === null) return null;
    const entry = parseEntry(text);
    if (!entry) this.clear(caseId);
    return entry;
  }

  clear(caseId: string): void {
    try {
      this.#storage?.removeItem(PREFIX + caseId);
    } catch {
      // Nothing to do: a stale entry is dropped by its rev the next time the case opens.
    }
  }

  /** Removes `entry` if it is still the one stored: a newer one written meanwhile stays. */
  clearIfSame(caseId: string, entry: JournalEntry): void {
    const now = this.read(caseId);
    if (now && now.writer === entry.writer && now.updatedAt === entry.updatedAt) this.clear(caseId);
  }

  /**
   * Removes this page's entry once a document at least as new as the journaled one is saved.
   * Another page's entry stays: this page's save did not hold its edits.
   */
  settle(caseId: string, savedUpdatedAt: string): void {
    const entry = this.read(caseId);
    if (entry && this.#own(entry) && entry.updatedAt <= savedUpdatedAt) this.clear(caseId);
  }

  /** Whether the entry for a case was left by another page (one that went away before saving). */
  foreign(caseId: string): boolean {
    const entry = this.read(caseId);
    return entry !== null && !this.#own(entry);
  }

  #own(entry: JournalEntry): boolean {
    return entry.writer === undefined || entry.writer === this.writer;
  }
}

/**
 * Whether a journal entry should replace the stored document: it must be based on the stored rev
 * (or the one a save in flight made) and be newer. Otherwise another tab saved since, or the
 * entry's edits were saved after all.
 */
export function shouldRecover(entry: JournalEntry, stored: { rev: number; updatedAt: string }): boolean {
  const basedOnStored = stored.rev === entry.baseRev || (entry.saving && stored.rev === entry.baseRev + 1);
  return basedOnStored && entry.updatedAt > stored.updatedAt;
}

function parseEntry(text: string): JournalEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const baseRev: unknown = Reflect.get(value, 'baseRev');
  const saving: unknown = Reflect.get(value, 'saving');
  const updatedAt: unknown = Reflect.get(value, 'updatedAt');
  const doc: unknown = Reflect.get(value, 'doc');
  const base: unknown = Reflect.get(value, 'base');
  const writer: unknown = Reflect.get(value, 'writer');
  if (writer !== undefined && typeof writer !== 'string') return null;
  if (typeof baseRev !== 'number' || !Number.isInteger(baseRev) || baseRev < 1) return null;
  if (typeof saving !== 'boolean' || typeof updatedAt !== 'string') return null;
  if (doc === null || typeof doc !== 'object') return null;
  if (base !== undefined && (base === null || typeof base !== 'object')) return null;
  return {
    baseRev,
    saving,
    updatedAt,
    doc,
    ...(base === undefined ? {} : { base }),
    ...(writer === undefined ? {} : { writer }),
  };
}
