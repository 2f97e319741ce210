/**
 * Asks the browser to keep Dogear's storage out of eviction (navigator.storage.persist()).
 *
 * Best asked at install, but persist() does not exist in service workers (StorageManager.persist is window-only), so it
 * runs the first time one of Dogear's pages runs: the settings panel calls it, and any page may call
 * `ensurePersisted()` on load. It is cheap and idempotent: once granted, `persisted()` answers true and nothing more is
 * asked. `unlimitedStorage` already exempts the extension from quota; persist() adds the guarantee that the browser
 * does not evict the library to free space. Chrome decides without a prompt; it may answer false.
 */
export interface PersistState {
  /** Whether the storage is persistent now; undefined when the browser has no StorageManager. */
  persisted: boolean | undefined;
  /** Whether this call asked (false when it already was persistent or cannot ask). */
  asked: boolean;
}

export async function ensurePersisted(): Promise<PersistState> {
  const storage = globalThis.navigator?.storage;
  if (!storage || typeof storage.persisted !== 'function') return { persisted: undefined, asked: false };
  try {
    if (await storage.persisted()) return { persisted: true, asked: false };
    if (typeof storage.persist !== 'function') return { persisted: false, asked: false };
    return { persisted: await storage.persist(), asked: true };
  } catch (error) {
    console.warn('Dogear: could not ask for persistent storage', error);
    return { persisted: undefined, asked: false };
  }
}
