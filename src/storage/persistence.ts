/**
 * Asks the browser to keep Casebook's storage when space runs low. Without it, storage is
 * best-effort and may be evicted (Safari drops script-written storage after 7 days without a
 * visit); the app says so, and export is the real backup.
 */
export async function requestPersistentStorage(): Promise<'granted' | 'denied' | 'unsupported'> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage || typeof storage.persist !== 'function' || typeof storage.persisted !== 'function') {
    return 'unsupported';
  }
  try {
    if (await storage.persisted()) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    // Both reject where the Storage API is blocked (opaque origins, some private modes): for the
    // user that is the same as a browser without it, and the result says so.
    return 'unsupported';
  }
}
