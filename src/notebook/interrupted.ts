import type { LiveBatch, RunBatchBundle, RunCheckpoint, StoredRun } from './runs';

/**
 * The batch a crash leaves: the finished runs as they were, then the run in training marked
 * `interrupted`, saying where it stopped and whether Resume continues it, with its curve so far.
 * Null when no run had started. Pure: storage's recovery pass and the tests share it.
 */
export function interruptedBundle(live: LiveBatch, checkpoint: RunCheckpoint | null): RunBatchBundle | null {
  if (live.current === null) return null;
  // The live curve is written at most once a second, a checkpoint every few epochs: a crash just
  // after a checkpoint finds the checkpoint's curve the longer one (the e2e reload test hit this).
  const kept = checkpoint?.runId === live.current.id ? checkpoint.checkpoint.curve : [];
  const current =
    kept.length > live.current.curve.length ? { ...live.current, curve: [...kept] } : live.current;
  const last = current.curve.at(-1);
  const where = last ? `after step ${last.step}` : 'before its first step';
  const resume =
    checkpoint && checkpoint.reason === 'periodic'
      ? `Resume continues from the checkpoint of epoch ${checkpoint.checkpoint.epoch}.`
      : 'Resume trains it again from the start.';
  const run: StoredRun = {
    ...current,
    index: live.runs.length,
    status: 'interrupted',
    message: `Interrupted ${where}: the tab was closed, reloaded or crashed while it trained. ${resume}`,
  };
  return {
    batch: { ...live.batch, runIds: [...live.runs.map((r) => r.id), run.id], finishedAt: live.updatedAt },
    runs: [...live.runs, run],
    artifacts: [...live.artifacts, { runId: run.id, model: null, scores: null }],
  };
}
