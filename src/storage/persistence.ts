/**
 * Asks the browser to keep Casebook's storage when space runs low. Without it, storage is
 * best-effort and may be evicted; the app says so and export is the real backup.
 */
export async function requestPersistentStorage(): Promise<'granted' | 'denied' | 'unsupported'> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage || typeof storage.persist !== 'function') return 'unsupported';
  try {
    if (await storage.persisted()) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}
