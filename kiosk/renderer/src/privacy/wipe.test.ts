import { describe, expect, it } from 'vitest';
import { wipeBrowserStorage, type BrowserStores } from './wipe.ts';

function fakeStores() {
  const local = new Map([['resident', 'a1b2c3d4']]);
  const session = new Map([['card', 'a1b2c3d4']]);
  const databases = new Set(['residents', 'cache-db']);
  const cacheKeys = new Set(['v1']);
  const stores: BrowserStores = {
    localStorage: { clear: () => local.clear() },
    sessionStorage: { clear: () => session.clear() },
    indexedDB: {
      databases: () => Promise.resolve([...databases].map((name) => ({ name, version: 1 }))),
      deleteDatabase: (name: string) => {
        const request = {} as IDBOpenDBRequest;
        queueMicrotask(() => {
          databases.delete(name);
          request.onsuccess?.call(request, new Event('success'));
        });
        return request;
      },
    },
    caches: {
      keys: () => Promise.resolve([...cacheKeys]),
      delete: (key: string) => Promise.resolve(cacheKeys.delete(key)),
    },
  };
  return { stores, local, session, databases, cacheKeys };
}

describe('wipeBrowserStorage', () => {
  it('clears local and session storage, deletes every IndexedDB database and cache', async () => {
    const { stores, local, session, databases, cacheKeys } = fakeStores();
    expect(await wipeBrowserStorage(stores)).toEqual([]);
    expect([local.size, session.size, databases.size, cacheKeys.size]).toEqual([0, 0, 0, 0]);
  });

  it('works where a store does not exist (plain HTTP, old engines)', async () => {
    expect(await wipeBrowserStorage({})).toEqual([]);
  });

  it('goes on after one store fails and reports which', async () => {
    const { stores, session } = fakeStores();
    const failing = {
      ...stores,
      localStorage: {
        clear: () => {
          throw new Error('SecurityError');
        },
      },
    };
    expect(await wipeBrowserStorage(failing)).toEqual(['localStorage']);
    expect(session.size).toBe(0);
  });
});
