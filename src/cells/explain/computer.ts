import { AppError } from '../../lib/errors';
import type { ScoreArray } from '../../ml/explain';
import type { ExplanationPart } from '../../notebook/explanations';
import type { ExplainData, PartSpec } from './compute';
import { explainHandler, isReply, replyError, type ExplainReply, type ExplainRequest } from './protocol';

/*
 * The page's side of the explain worker (protocol.ts). One worker per run of the cell: it gets the
 * run's data once, then the requests one at a time. Cancelling the cell ends the worker at once
 * (the part in hand is dropped, nothing of it is stored) and the next run starts a fresh one.
 * Where there is no Worker (Node, the unit tests) the same handler runs in process, behind the
 * same endpoint, and a cancel stops it at its next slice.
 */

/** What the computer needs of a worker: a `Worker`, a test's MessagePort, or the in-process one. */
export interface ExplainEndpoint {
  post(message: ExplainRequest): void;
  /** `onMessage` gets each message as it came; `onError` says why the worker died. */
  listen(onMessage: (data: unknown) => void, onError: (message: string) => void): void;
  terminate(): void;
}

export interface ExplainComputer {
  /** Computes one part; `onProgress` gets its rows scored so far, all before this resolves. */
  part(spec: PartSpec, onProgress: (done: number, total: number) => void): Promise<ExplanationPart>;
  /** The validation rows' scores (k per row for a multiclass run). */
  scores(): Promise<ScoreArray>;
  /** Ends the worker; a request still waiting rejects. */
  close(): void;
}

function spawnWorker(): ExplainEndpoint {
  const worker = new Worker(new URL('../../../workers/explain/explain.worker.ts', import.meta.url), {
    type: 'module',
  });
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      worker.addEventListener('message', (event: MessageEvent<unknown>) => onMessage(event.data));
      worker.addEventListener('error', (event: ErrorEvent) => onError(event.message));
      worker.addEventListener('messageerror', () => onError('a message could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}

/** The handler in this thread, as an endpoint: what Node (no Worker) runs. */
export function inProcessEndpoint(): ExplainEndpoint {
  const listeners: ((data: unknown) => void)[] = [];
  let ended = false;
  const handle = explainHandler((reply) => {
    if (!ended) for (const listener of listeners) listener(reply);
  });
  const running = new Set<number>();
  return {
    post(message) {
      if (ended) return;
      if (message.type === 'compute') running.add(message.id);
      void handle(message).finally(() => {
        if (message.type === 'compute') running.delete(message.id);
      });
    },
    listen(onMessage) {
      // The handler never throws: its failures are replies.
      listeners.push(onMessage);
    },
    terminate() {
      // A part in hand stops at its next slice; its replies are dropped.
      for (const id of running) void handle({ type: 'cancel', id });
      ended = true;
    },
  };
}

/** A worker where the platform has them, else the handler in process. */
export function defaultEndpoint(): ExplainEndpoint {
  return typeof Worker === 'undefined' ? inProcessEndpoint() : spawnWorker();
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The explanation was cancelled.');
}

interface Pending {
  readonly resolve: (reply: ExplainReply) => void;
  readonly reject: (error: AppError) => void;
  readonly onProgress: (done: number, total: number) => void;
}

/**
 * Sends the run's data to a fresh worker (copied: the page keeps its own) and answers the runner's
 * requests. `signal` is the cell's: its abort ends the worker and rejects what is waiting with a
 * `cancelled` error.
 */
export function openComputer(
  data: ExplainData,
  signal: AbortSignal,
  spawn: () => ExplainEndpoint = defaultEndpoint,
): ExplainComputer {
  const endpoint = spawn();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let ended: AppError | null = null;

  function end(error: AppError): void {
    if (ended !== null) return;
    ended = error;
    endpoint.terminate();
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    signal.removeEventListener('abort', onAbort);
  }
  const onAbort = () => end(cancelled());
  signal.addEventListener('abort', onAbort);

  const onMessage = (reply: unknown): void => {
    if (!isReply(reply)) {
      end(new AppError('internal', 'The explain worker sent a message the page does not know.'));
      return;
    }
    const p = pending.get(reply.id);
    if (p === undefined) return;
    if (reply.type === 'progress') {
      p.onProgress(reply.done, reply.total);
      return;
    }
    pending.delete(reply.id);
    if (reply.type === 'failed') p.reject(replyError(reply));
    else p.resolve(reply);
  };
  endpoint.listen(onMessage, (message) =>
    end(
      new AppError('internal', `The explain worker stopped unexpectedly (${message}): run the cell again.`),
    ),
  );
  if (signal.aborted) end(cancelled());
  else endpoint.post({ type: 'load', data });

  function ask(
    request: (id: number) => ExplainRequest,
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<ExplainReply> {
    if (ended !== null) return Promise.reject(ended);
    const id = nextId++;
    return new Promise<ExplainReply>((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      endpoint.post(request(id));
    });
  }

  return {
    async part(spec, onProgress) {
      const reply = await ask((id) => ({ type: 'compute', id, spec }), onProgress);
      if (reply.type !== 'part')
        throw new AppError('internal', `The explain worker answered "${reply.type}" to a part.`);
      return reply.part;
    },
    async scores() {
      const reply = await ask((id) => ({ type: 'score', id }));
      if (reply.type !== 'scores')
        throw new AppError('internal', `The explain worker answered "${reply.type}" to the scores.`);
      return reply.scores;
    },
    close() {
      end(new AppError('internal', 'The explain worker was closed before it answered.'));
    },
  };
}
