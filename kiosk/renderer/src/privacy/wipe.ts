/**
 * Belt and braces after a session ends: the renderer keeps resident data in
 * React state only, but if anything (a library, a future change) ever wrote
 * to browser storage, it is gone before the next resident walks up.
 */
export interface BrowserStores {
  localStorage?: Pick<Storage, 'clear'>;
  sessionStorage?: Pick<Storage, 'clear'>;
  indexedDB?: Pick<IDBFactory, 'databases' | 'deleteDatabase'>;
  caches?: Pick<CacheStorage, 'keys' | 'delete'>;
}

export function browserStores(): BrowserStores {
  return {
    localStorage: globalThis.localStorage,
    sessionStorage: globalThis.sessionStorage,
    indexedDB: globalThis.indexedDB,
    // Cache Storage exists only in secure contexts (loopback counts).
    caches: 'caches' in globalThis ? globalThis.caches : undefined,
  };
}

/** Clears every store; returns the names of those that failed, so the caller can log them. */
export async function wipeBrowserStorage(stores: BrowserStores = browserStores()): Promise<string[]> {
  const failed: string[] = [];
  const attempt = async (name: string, run: () => unknown) => {
    try {
      await run();
    } catch {
      failed.push(name);
    }
  };
  await attempt('localStorage', () => stores.localStorage?.clear());
  await attempt('sessionStorage', () => stores.sessionStorage?.clear());
  await attempt('indexedDB', async () => {
    const factory = stores.indexedDB;
    if (!factory) return;
    const databases = await factory.databases();
    const names = databases.flatMap((db) => (db.name ? [db.name] : []));
    await Promise.all(names.map((name) => deleteDatabase(factory, name)));
  });
  await attempt('caches', async () => {
    const caches = stores.caches;
    if (!caches) return;
    await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
  });
  return failed;
}

function deleteDatabase(factory: Pick<IDBFactory, 'deleteDatabase'>, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    // Blocked means another connection is open; the delete still completes when it closes.
    request.onblocked = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`cannot delete ${name}`));
  });
}
