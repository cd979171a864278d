/*
 * One tab owns Casebook's background work (issue 18 item 6), through a Web Lock: the first tab
 * gets it; the others wait in line, and when the owner closes, reloads or crashes the browser
 * hands the lock to the next tab at once, which takes the work over.
 *
 * What that work is, honestly: every tab has its own DuckDB engine in memory (there is no shared
 * database file on OPFS for one tab to own), so each tab builds the tables of the case it shows,
 * and a tab that is not the owner reads, edits and runs cells as usual. What is shared and must
 * run once for the whole browser is what the owner does:
 * - it saves the training that a tab which went away left behind as an interrupted batch
 *   (`recoverInterrupted`), at start and again when it takes over, so that the batch of an owner
 *   that crashed mid-training is marked interrupted within moments rather than at the next start;
 * - it purges the Trash (cases deleted more than 30 days ago).
 * Training itself is one queue across tabs (`TRAINING_QUEUE_LOCK` in `run-repository.ts`): any tab
 * trains in its turn, one tab at a time. The first case of an empty workspace is made under its
 * own lock (`FIRST_CASE_LOCK`), so that two tabs opened at once make one sample between them and
 * no tab shows an empty workspace.
 */

export const OWNER_LOCK = 'casebook:owner';

/** 'starting' until the lock manager answers; 'other': another tab owns the work. */
export type Ownership = 'starting' | 'owner' | 'other';

/** What this needs of the Web Locks API (`navigator.locks`; a fake in tests). */
export interface OwnerLocks {
  request(
    name: string,
    options: { readonly ifAvailable?: boolean; readonly signal?: AbortSignal },
    callback: (lock: { readonly name: string } | null) => Promise<void>,
  ): Promise<void>;
}

/** Why the duties run: this tab got the lock when it started, or took it over from a tab that went. */
export type OwnerReason = 'start' | 'takeover';

function webLocks(): OwnerLocks | null {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
}

export class TabOwner {
  state = $state<Ownership>('starting');
  readonly #locks: OwnerLocks | null;
  readonly #stop = new AbortController();
  #release: (() => void) | null = null;

  /** `locks`: the browser's by default; null (no Web Locks) makes every tab its own owner. */
  constructor(locks: OwnerLocks | null = webLocks()) {
    this.#locks = locks;
  }

  /**
   * Asks for ownership. Resolves once this tab knows where it stands: 'owner' after `duties` ran,
   * or 'other' while another tab owns the work; this tab then waits in line, and when the lock
   * comes to it `state` becomes 'owner' and `duties('takeover')` runs. A duty that fails keeps the
   * lock (`duties` reports its own failures): another tab would fail the same way.
   */
  start(duties: (reason: OwnerReason) => Promise<void>): Promise<Ownership> {
    const run = (reason: OwnerReason): Promise<void> => duties(reason).catch(() => undefined);
    const locks = this.#locks;
    if (!locks) {
      this.state = 'owner';
      return run('start').then(() => this.state);
    }
    const hold = (): Promise<void> => new Promise<void>((release) => (this.#release = release));
    return new Promise<Ownership>((resolve) => {
      const waitInLine = (): void => {
        locks
          .request(OWNER_LOCK, { signal: this.#stop.signal }, async () => {
            this.state = 'owner';
            await run('takeover');
            await hold();
          })
          // Aborted by `release` while in line: this tab is going away.
          .catch(() => undefined);
      };
      locks
        .request(OWNER_LOCK, { ifAvailable: true }, async (lock) => {
          if (!lock) {
            this.state = 'other';
            resolve('other');
            waitInLine();
            return;
          }
          this.state = 'owner';
          await run('start');
          resolve('owner');
          await hold();
        })
        .catch(() => {
          // The lock manager refused (a sandboxed frame): act alone, as without Web Locks.
          this.state = 'owner';
          void run('start').then(() => resolve('owner'));
        });
    });
  }

  /** Gives ownership up, or leaves the line (the tab goes away: the next tab takes over at once). */
  release(): void {
    this.#stop.abort();
    this.#release?.();
    this.#release = null;
  }
}

/** The case list's quiet line about this tab's part (empty while the lock manager has not answered). */
export function ownershipText(state: Ownership): string {
  switch (state) {
    case 'starting':
      return '';
    case 'owner':
      return 'This tab does the background work: saving interrupted training, emptying the Trash.';
    case 'other':
      return 'Another Casebook tab does the background work; this tab reads, edits and runs cells as usual.';
  }
}
