/*
 * Web Locks (`navigator.locks`), shared by every tab of the origin: a lock is released when its
 * tab closes, reloads or crashes, which is how another tab learns that work there stopped.
 */

function lockManager(): LockManager | null {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
}

/**
 * Holds lock `name` until the returned function is called; resolves once granted (it waits while
 * another tab holds it). Rejects with the signal's reason when aborted while waiting. Where the
 * browser has no Web Locks, it is granted at once: one tab cannot be told from another there.
 */
export function acquireLock(name: string, signal?: AbortSignal): Promise<() => void> {
  const locks = lockManager();
  if (!locks) return Promise.resolve(() => undefined);
  return new Promise((resolve, reject) => {
    locks
      .request(name, signal ? { signal } : {}, () => new Promise<void>((release) => resolve(release)))
      .catch((e: unknown) => reject(e instanceof Error ? e : new Error(String(e))));
  });
}

/** The names of every lock held now in any tab; null where the browser has no Web Locks. */
export async function heldLocks(): Promise<ReadonlySet<string> | null> {
  const locks = lockManager();
  if (!locks) return null;
  const snapshot = await locks.query();
  return new Set((snapshot.held ?? []).flatMap((lock) => (lock.name ? [lock.name] : [])));
}
