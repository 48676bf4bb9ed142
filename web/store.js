// web/store.js — keeps the last lab run in IndexedDB so results survive a reload: one record
// { report, files: { id: ArrayBuffer }, options, curves } in one object store (curves: the
// training stages' series, stage_series.js; absent in older records). Errors reject in words.

const DB = 'qplab';
const STORE = 'results';
const KEY = 'last';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`the browser's storage (IndexedDB) is not available: ${request.error?.message}`));
  });
}

async function run(mode, operation) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = operation(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error ?? request.error ?? new Error('storage transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export const save = (record) => run('readwrite', (store) => store.put(record, KEY));
export const load = async () => (await run('readonly', (store) => store.get(KEY))) ?? null;
export const clear = () => run('readwrite', (store) => store.delete(KEY));
