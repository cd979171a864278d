import * as Comlink from 'comlink';
import type { ParquetWorkerApi } from '../../workers/parquet/api';
import type { ParquetCodec } from './table-parquet';

/*
 * The table cache's codec in the browser: parquet-wasm in a worker of its own
 * (workers/parquet/parquet.worker.ts), started on the first table, so that a reopened case that
 * registers its tables from the cache does not block typing (issue 21). What the page sends to be
 * written is transferred (an IPC stream made for this write); what it sends to be read is copied
 * (the cached bytes stay the caller's). A worker that fails to start or dies never hangs a build:
 * a read in flight is done in the page instead, a write in flight fails (its stream went to the
 * worker; the cache skips that table, which is rebuilt next time), and every later call runs in
 * the page's own codec.
 */

/** What the codec needs of a worker: a `Worker`, or in Node tests one end of a MessageChannel. */
export interface ParquetEndpoint extends Comlink.Endpoint {
  terminate(): void;
}

/** Why a call got no answer: the worker failed to start or died (not a bad file, which the worker answers). */
const STOPPED = new Error('The Parquet worker stopped.');

function spawnWorker(): ParquetEndpoint {
  return new Worker(new URL('../../workers/parquet/parquet.worker.ts', import.meta.url), { type: 'module' });
}

export function parquetInWorker(
  fallback: ParquetCodec,
  spawn: () => ParquetEndpoint = spawnWorker,
): ParquetCodec & { dispose(): void } {
  let endpoint: ParquetEndpoint | null = null;
  let api: Comlink.Remote<ParquetWorkerApi> | null = null;
  /** Rejects when the worker dies: no answer will come from it. */
  let died: Promise<never> | null = null;
  let broken = false;

  const connect = (): { api: Comlink.Remote<ParquetWorkerApi>; died: Promise<never> } => {
    if (api === null || died === null) {
      const worker = spawn();
      endpoint = worker;
      died = new Promise<never>((_, reject) => {
        const fail = (): void => reject(STOPPED);
        worker.addEventListener('error', fail);
        worker.addEventListener('messageerror', fail);
      });
      died.catch(() => undefined);
      api = Comlink.wrap<ParquetWorkerApi>(worker);
    }
    return { api, died };
  };

  const giveUp = (e: unknown): void => {
    if (broken) return;
    broken = true;
    console.warn('Casebook: no Parquet worker; the table cache encodes in the page', e);
    endpoint?.terminate();
  };

  const call = async (
    inWorker: (api: Comlink.Remote<ParquetWorkerApi>) => Promise<Uint8Array>,
    inPage: () => Promise<Uint8Array>,
  ): Promise<Uint8Array> => {
    if (broken) return inPage();
    let connected;
    try {
      connected = connect();
    } catch (e: unknown) {
      // No Worker here (Node), or the browser refused to start one.
      giveUp(e);
      return inPage();
    }
    try {
      return await Promise.race([inWorker(connected.api), connected.died]);
    } catch (e: unknown) {
      // The worker's own answer (a file parquet-wasm refuses) is the answer; only a dead worker is not.
      if (e !== STOPPED) throw e;
      giveUp(e);
      return inPage();
    }
  };

  return {
    write: (ipc) =>
      call(
        (worker) => worker.write(Comlink.transfer(ipc, [ipc.buffer])),
        // Detached: the stream went to the worker that died; the cache skips this table.
        () => (ipc.buffer.byteLength > 0 ? fallback.write(ipc) : Promise.reject(STOPPED)),
      ),
    read: (parquet) =>
      call(
        (worker) => worker.read(parquet),
        () => fallback.read(parquet),
      ),
    dispose: () => {
      endpoint?.terminate();
      endpoint = null;
      api = null;
      died = null;
    },
  };
}
