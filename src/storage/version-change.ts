import type Dexie from 'dexie';

/** How long this tab's last saves may hold back a newer version's upgrade in another tab. */
export const VERSION_CHANGE_GRACE_MS = 2_000;

/**
 * Hands the database over to a newer Casebook that upgrades it from another tab (issue 18 item 7).
 *
 * IndexedDB tells every open connection (`versionchange`) and the upgrade waits until they all
 * close. Dexie's own handler closes at once and reopens on the next use: a save still waiting in
 * this tab would be lost or, worse, written by this tab's older code into the newer schema.
 * Here `beforeClose` runs first (the app saves what is pending), for at most `graceMs`, while the
 * upgrade waits; then the connection closes for good: every later read or write in this tab fails
 * with Dexie's DatabaseClosedError (`classifyStorageError` says to reload), never reopening.
 */
export function yieldToNewerVersion(
  db: Dexie,
  beforeClose: () => Promise<void>,
  graceMs = VERSION_CHANGE_GRACE_MS,
): void {
  db.on('versionchange', () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    void Promise.race([beforeClose().catch(() => undefined), grace]).finally(() => {
      clearTimeout(timer);
      db.close({ disableAutoOpen: true });
    });
    // False stops Dexie's default handler (subscribed first, run last), which would close before
    // the save and reopen afterwards.
    return false;
  });
}
