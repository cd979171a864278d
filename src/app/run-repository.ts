import type { JournalPort } from '../cells/types';
import { asRunId } from '../notebook/ids';
import type { LiveBatch, RunBatch } from '../notebook/runs';
import type { RunRepository } from '../runtime/runtime.svelte';
import type { Workspace } from '../storage/workspace';
import { acquireLock, heldLocks } from './locks';

/** How often the run in training is written again while it trains (its start and end always are). */
const PROGRESS_WRITE_MS = 1_000;

/** One tab trains at a time: every tab's training waits for this lock (a queue across tabs). */
export const TRAINING_QUEUE_LOCK = 'casebook:training-queue';

const batchLock = (batchId: string): string => `casebook:training:${batchId}`;

/**
 * The stored runs as the runtime uses them: the workspace's RunStore, plus the journal of a
 * batch in training, written behind a Web Lock that the tab holds while it trains. A tab that
 * crashes releases its locks; the next start (`recoverInterrupted`) saves what it left as an
 * interrupted batch. `onError` hears of a journal write that failed (training goes on).
 */
export function runRepository(workspace: Workspace, onError: (e: unknown) => void): RunRepository {
  const { runs, training } = workspace;
  return {
    findBatch: (caseId, cellId, key) => runs.findBatch(caseId, cellId, key),
    saveBatch: (bundle, options) => runs.saveBatch(bundle, options),
    findInterrupted: (caseId, cellId, key) => training.findInterrupted(caseId, cellId, key),
    journal: (batch, signal) => openJournal(workspace, batch, signal, onError),
    findRun: (caseId, runId) => runs.findRun(caseId, runId),
    findExplanation: (key) => runs.findExplanation(key),
    saveExplanation: (record) => runs.saveExplanation(record),
    saveEvaluation: (record) => workspace.evaluations.save(record),
  };
}

type State = Pick<LiveBatch, 'batch' | 'runs' | 'artifacts' | 'current'>;

async function openJournal(
  workspace: Workspace,
  batch: RunBatch,
  signal: AbortSignal,
  onError: (e: unknown) => void,
): Promise<JournalPort> {
  const releaseQueue = await acquireLock(TRAINING_QUEUE_LOCK, signal);
  const lock = batchLock(batch.id);
  const releaseBatch = await acquireLock(lock);
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let waiting: State | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWriteMs = -Infinity;
  const track = (write: Promise<void>): void => {
    const tracked = write.catch(onError).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const write = (state: State): void => {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    waiting = null;
    lastWriteMs = performance.now();
    track(workspace.training.write({ ...state, lock }));
  };
  const settle = async (): Promise<void> => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    await Promise.all([...inFlight]);
  };
  return {
    write,
    progress(state) {
      if (stopped) return;
      waiting = state;
      const due = lastWriteMs + PROGRESS_WRITE_MS - performance.now();
      if (due <= 0) write(state);
      else timer ??= setTimeout(() => waiting && write(waiting), due);
    },
    checkpoint(runId, batchId, reason, checkpoint) {
      if (stopped) return;
      track(workspace.training.checkpoint({ runId: asRunId(runId), batchId, reason, checkpoint }));
    },
    settle,
    async close(outcome) {
      await settle();
      try {
        if (outcome === 'discard') await workspace.training.discard(batch.id).catch(onError);
      } finally {
        releaseBatch();
        releaseQueue();
      }
    },
  };
}

/**
 * Saves every batch whose training tab is gone as an interrupted batch (at start, and when this
 * tab becomes the owner). Returns how many. Where the browser has no Web Locks, a batch counts
 * as gone once it has not been written for two minutes.
 */
export async function recoverInterrupted(workspace: Workspace): Promise<number> {
  const held = await heldLocks();
  const staleBefore = new Date(Date.now() - 120_000).toISOString();
  return workspace.training.recover((live) =>
    held === null ? live.updatedAt >= staleBefore : held.has(live.lock),
  );
}
