/*
 * The database read and written with the bare IndexedDB API, at whatever version it is: no Dexie,
 * no upgrade runs. Two uses: the "Download raw backup" a person gets when Casebook cannot open
 * its storage (an upgrade that failed, a newer version's database), and the frozen exports of
 * each past schema version that the tests migrate (`fixtures/db-v*.json`).
 *
 * Values become JSON that keeps what IndexedDB stores and JSON does not: Blobs (base64), typed
 * arrays, Dates, non-finite numbers and undefined, each as an object with one `$` key. An object
 * of the data whose own keys start with `$` is wrapped, so that nothing reads back as something else.
 */

export interface RawIndex {
  readonly name: string;
  readonly keyPath: string | string[];
  readonly unique: boolean;
  readonly multiEntry: boolean;
}

export interface RawStore {
  readonly name: string;
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexes: readonly RawIndex[];
  /** Encoded values, in key order. */
  readonly rows: readonly unknown[];
}

export interface RawDatabase {
  readonly format: 'casebook-raw-idb';
  readonly name: string;
  /** IndexedDB's version (Dexie's version × 10). */
  readonly version: number;
  readonly stores: readonly RawStore[];
}

type Typed =
  Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

const TYPED: Record<string, (values: number[]) => Typed> = {
  Int8Array: (v) => Int8Array.from(v),
  Uint8Array: (v) => Uint8Array.from(v),
  Int16Array: (v) => Int16Array.from(v),
  Uint16Array: (v) => Uint16Array.from(v),
  Int32Array: (v) => Int32Array.from(v),
  Uint32Array: (v) => Uint32Array.from(v),
  Float32Array: (v) => Float32Array.from(v),
  Float64Array: (v) => Float64Array.from(v),
};

/** Every store of database `name` with its rows, or null when there is no such database. */
export async function readRawDatabase(factory: IDBFactory, name: string): Promise<RawDatabase | null> {
  const known = await factory.databases();
  if (!known.some((d) => d.name === name)) return null;
  const idb = await request(factory.open(name));
  try {
    const names = Array.from(idb.objectStoreNames);
    const stores: RawStore[] = [];
    if (names.length > 0) {
      const tx = idb.transaction(names, 'readonly');
      for (const storeName of names) {
        const store = tx.objectStore(storeName);
        const rows: unknown[] = await request(store.getAll());
        const indexes = Array.from(store.indexNames, (indexName): RawIndex => {
          const index = store.index(indexName);
          return {
            name: indexName,
            keyPath: index.keyPath,
            unique: index.unique,
            multiEntry: index.multiEntry,
          };
        });
        stores.push({
          name: storeName,
          keyPath: store.keyPath,
          autoIncrement: store.autoIncrement,
          indexes,
          rows,
        });
      }
    }
    const encoded: RawStore[] = [];
    // Encoded after the transaction: reading a Blob's bytes is not an IndexedDB request.
    for (const store of stores)
      encoded.push({ ...store, rows: await Promise.all(store.rows.map(encodeValue)) });
    return { format: 'casebook-raw-idb', name, version: idb.version, stores: encoded };
  } finally {
    idb.close();
  }
}

/** Creates database `raw.name` (which must not exist) at `raw.version` with its stores, indexes and rows. */
export async function writeRawDatabase(factory: IDBFactory, raw: RawDatabase): Promise<void> {
  const open = factory.open(raw.name, raw.version);
  open.onupgradeneeded = () => {
    const idb = open.result;
    for (const store of raw.stores) {
      const created = idb.createObjectStore(store.name, {
        keyPath: store.keyPath,
        autoIncrement: store.autoIncrement,
      });
      for (const index of store.indexes) {
        created.createIndex(index.name, index.keyPath, {
          unique: index.unique,
          multiEntry: index.multiEntry,
        });
      }
      for (const row of store.rows) created.put(decodeValue(row));
    }
  };
  const idb = await request(open);
  idb.close();
}

/** A value as JSON-safe data (see the top of this file). */
export async function encodeValue(value: unknown): Promise<unknown> {
  if (value === undefined) return { $undefined: true };
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Blob) {
    return { $blob: toBase64(new Uint8Array(await value.arrayBuffer())), type: value.type };
  }
  if (value instanceof Date) return { $date: value.toISOString() };
  const typed = typedArray(value);
  if (typed) return { $typed: typed.constructor.name, values: await encodeValue(Array.from(typed)) };
  if (value instanceof ArrayBuffer) return { $buffer: toBase64(new Uint8Array(value)) };
  if (Array.isArray(value)) return Promise.all(value.map(encodeValue));
  const entries = await Promise.all(
    Object.entries(value).map(async ([k, v]) => [k, await encodeValue(v)] as const),
  );
  const object = Object.fromEntries(entries);
  return entries.some(([k]) => k.startsWith('$')) ? { $object: object } : object;
}

/** The value `encodeValue` encoded. */
export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value === null || typeof value !== 'object') return value;
  const tag = (key: string): unknown => (Object.hasOwn(value, key) ? Reflect.get(value, key) : undefined);
  if (tag('$undefined') === true) return undefined;
  const number = tag('$number');
  if (typeof number === 'string') return Number(number);
  const blob = tag('$blob');
  if (typeof blob === 'string') {
    const type = tag('type');
    return new Blob([fromBase64(blob)], { type: typeof type === 'string' ? type : '' });
  }
  const date = tag('$date');
  if (typeof date === 'string') return new Date(date);
  const typed = tag('$typed');
  if (typeof typed === 'string') {
    const make = TYPED[typed];
    const values = decodeValue(tag('values'));
    if (make && Array.isArray(values)) return make(values.map(Number));
  }
  const buffer = tag('$buffer');
  if (typeof buffer === 'string') return fromBase64(buffer).buffer;
  const wrapped = tag('$object');
  const source = wrapped !== null && typeof wrapped === 'object' ? wrapped : value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) {
    // Defined as own data properties: a key named __proto__ stays a key, never a prototype.
    Object.defineProperty(out, k, {
      value: decodeValue(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function typedArray(value: object): Typed | null {
  const kinds = [
    Int8Array,
    Uint8Array,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
  ];
  for (const kind of kinds) if (value instanceof kind) return value;
  return null;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}
