import { AppError, type ErrorCode } from '../../lib/errors';
import type { ScoreArray } from '../../ml/explain';
import type { ExplanationPart } from '../../notebook/explanations';
import {
  computePart,
  inputsOf,
  validationScores,
  type ExplainData,
  type ExplainInputs,
  type PartSpec,
} from './compute';

/*
 * What the page and the explain worker say to each other, and the worker's side of it as a pure
 * function of the messages (`explainHandler`): workers/explain/explain.worker.ts wires it to
 * `self`, computer.ts runs it in process where there is no Worker (Node), and the tests drive it
 * directly. Plain messages on one port, not comlink: a part's progress and the part itself are
 * posted in order on the same port, so every progress message reaches the page before its part.
 *
 * A run of the cell loads its data once (`load`), then asks for the validation rows' scores and
 * for each part it does not have stored; `cancel` stops a part at its next slice.
 */

export type ExplainRequest =
  | { readonly type: 'load'; readonly data: ExplainData }
  | { readonly type: 'compute'; readonly id: number; readonly spec: PartSpec }
  | { readonly type: 'score'; readonly id: number }
  | { readonly type: 'cancel'; readonly id: number };

export type ExplainReply =
  /** Rows scored so far of the rows the part scores. */
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | { readonly type: 'part'; readonly id: number; readonly part: ExplanationPart }
  | { readonly type: 'scores'; readonly id: number; readonly scores: ScoreArray }
  /** An AppError's code and message (the error classes do not survive the trip). */
  | { readonly type: 'failed'; readonly id: number; readonly code: ErrorCode; readonly message: string };

const REQUEST_TYPES: readonly string[] = ['load', 'compute', 'score', 'cancel'];
const REPLY_TYPES: readonly string[] = ['progress', 'part', 'scores', 'failed'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Checks the shape a message's tag promises; the payload is ours, sent by our own code. */
export function isRequest(value: unknown): value is ExplainRequest {
  if (!isRecord(value) || typeof value['type'] !== 'string' || !REQUEST_TYPES.includes(value['type']))
    return false;
  if (value['type'] === 'load') return isRecord(value['data']);
  if (typeof value['id'] !== 'number') return false;
  return value['type'] !== 'compute' || isRecord(value['spec']);
}

export function isReply(value: unknown): value is ExplainReply {
  if (!isRecord(value) || typeof value['type'] !== 'string' || !REPLY_TYPES.includes(value['type']))
    return false;
  if (typeof value['id'] !== 'number') return false;
  switch (value['type']) {
    case 'progress':
      return typeof value['done'] === 'number' && typeof value['total'] === 'number';
    case 'part':
      return isRecord(value['part']) && typeof value['part']['kind'] === 'string';
    case 'scores':
      return value['scores'] instanceof Float32Array || value['scores'] instanceof Float64Array;
    default:
      return typeof value['code'] === 'string' && typeof value['message'] === 'string';
  }
}

/** A thrown error as a `failed` reply: an AppError keeps its code, anything else is `internal`. */
export function failure(id: number, error: unknown): ExplainReply {
  if (error instanceof AppError) return { type: 'failed', id, code: error.code, message: error.message };
  return {
    type: 'failed',
    id,
    code: 'internal',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** The error a `failed` reply stands for. */
export function replyError(reply: { readonly code: ErrorCode; readonly message: string }): AppError {
  return new AppError(reply.code, reply.message);
}

/**
 * The worker's side: keeps the loaded data, runs each request and posts its replies. Resolves
 * once the request is answered (its tests await it); never rejects, a failure is a reply.
 */
export function explainHandler(post: (reply: ExplainReply) => void): (request: unknown) => Promise<void> {
  let inputs: ExplainInputs | null = null;
  const running = new Map<number, AbortController>();

  function loaded(id: number): ExplainInputs {
    if (inputs === null) {
      throw new AppError('internal', `Request ${id} came before the run's data: run the cell again.`);
    }
    return inputs;
  }

  return async (request) => {
    if (!isRequest(request)) {
      post(failure(-1, new AppError('internal', 'The explain worker got a message it does not know.')));
      return;
    }
    switch (request.type) {
      case 'load':
        inputs = inputsOf(request.data);
        return;
      case 'cancel':
        running.get(request.id)?.abort();
        return;
      case 'score':
        try {
          post({ type: 'scores', id: request.id, scores: await validationScores(loaded(request.id)) });
        } catch (e: unknown) {
          post(failure(request.id, e));
        }
        return;
      case 'compute': {
        const { id, spec } = request;
        const controller = new AbortController();
        running.set(id, controller);
        try {
          const part = await computePart(spec, loaded(id), {
            signal: controller.signal,
            onProgress: ({ done, total }) => post({ type: 'progress', id, done, total }),
          });
          post({ type: 'part', id, part });
        } catch (e: unknown) {
          post(failure(id, e));
        } finally {
          running.delete(id);
        }
      }
    }
  };
}
