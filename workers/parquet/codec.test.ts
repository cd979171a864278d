import * as Comlink from 'comlink';
import { tableFromIPC, tableToIPC, Table, makeVector } from 'apache-arrow';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parquetService } from './service';
import type { ParquetWorkerApi } from './api';
import { utf8Vector } from '../../src/data/arrow-vectors';
import { parquetInWorker, type ParquetEndpoint } from '../../src/data/parquet-worker';
import type { ParquetCodec } from '../../src/data/table-parquet';
import { parquetNode } from '../../src/data/testing/parquet-node';

/*
 * The table cache's codec through a worker: the page's side and the worker's service over a
 * MessageChannel and comlink in one Node process (the messages and the transfers are real), with
 * parquet-wasm's Node build in the worker. Reference: the page's own codec (parquetNode), whose
 * round trip table-parquet.test.ts checks against native DuckDB.
 */

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
  vi.restoreAllMocks();
});

function inProcess(api: ParquetWorkerApi): ParquetEndpoint & MessagePort {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(api, port1);
  return Object.assign(port2, { terminate: () => port1.close() });
}

const ipcOf = () =>
  tableToIPC(
    new Table({ id: makeVector(Int32Array.from([1, 2, 3])), name: utf8Vector(['a', null, 'café']) }),
    'stream',
  );

const rows = (ipc: Uint8Array) =>
  tableFromIPC(ipc)
    .toArray()
    .map((r: unknown) => JSON.stringify(r));

/** A codec that counts its calls (the page's fallback). */
function counted(): ParquetCodec & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    read: (bytes) => (calls.push('read'), parquetNode.read(bytes)),
    write: (ipc) => (calls.push('write'), parquetNode.write(ipc)),
  };
}

describe('parquetInWorker', () => {
  it('writes and reads in the worker: the stream to write is transferred, the bytes to read are copied', async () => {
    const page = counted();
    const codec = parquetInWorker(page, () => inProcess(parquetService(parquetNode)));
    const ipc = ipcOf();
    const expected = rows(ipc);
    const parquet = await codec.write(ipc);
    expect(ipc.byteLength).toBe(0);
    const back = await codec.read(parquet);
    expect(parquet.byteLength).toBeGreaterThan(0);
    expect(rows(back)).toEqual(expected);
    expect(rows(await parquetNode.read(parquet))).toEqual(expected);
    expect(page.calls).toEqual([]);
  });

  it('passes on what the worker answers for a bad file, and keeps the worker', async () => {
    const page = counted();
    let spawned = 0;
    const codec = parquetInWorker(page, () => (spawned++, inProcess(parquetService(parquetNode))));
    await expect(codec.read(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
    expect(rows(await codec.read(await codec.write(ipcOf())))).toEqual(rows(ipcOf()));
    expect([spawned, page.calls]).toEqual([1, []]);
  });

  it('reads in the page when no worker starts (Node, a refused worker), and from then on', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const page = counted();
    const codec = parquetInWorker(page, () => {
      throw new Error('no Worker here');
    });
    const parquet = await codec.write(ipcOf());
    expect(rows(await codec.read(parquet))).toEqual(rows(ipcOf()));
    expect(page.calls).toEqual(['write', 'read']);
  });

  it('answers a read in flight in the page when the worker dies, and every later call', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const page = counted();
    const parquet = await parquetNode.write(ipcOf());
    const workers: (ParquetEndpoint & MessagePort)[] = [];
    const hung: ParquetWorkerApi = {
      read: () => new Promise(() => undefined),
      write: () => new Promise(() => undefined),
    };
    const codec = parquetInWorker(page, () => {
      const worker = inProcess(hung);
      workers.push(worker);
      return worker;
    });
    const reading = codec.read(parquet);
    await vi.waitFor(() => expect(workers).toHaveLength(1));
    workers[0]?.dispatchEvent(new Event('error'));
    expect(rows(await reading)).toEqual(rows(ipcOf()));
    await codec.write(ipcOf());
    expect(page.calls).toEqual(['read', 'write']);
  });
});
