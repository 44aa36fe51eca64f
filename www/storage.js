// Persistence in IndexedDB: the last trained model survives a reload.

const DB_NAME = 'vae-wasm';
const STORE = 'state';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact(mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error ?? new Error('the transaction was aborted'));
    });
  } finally {
    db.close();
  }
}

/** Saves a value; a full quota rejects with an error whose name is QuotaExceededError. */
export function save(key, value) {
  return transact('readwrite', (store) => store.put(value, key));
}

export function load(key) {
  return transact('readonly', (store) => store.get(key));
}
