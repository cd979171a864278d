import type { RunArtifact, RunBatch, RunBatchBundle, RunDeletion, StoredRun } from '../notebook/runs';
import { refused } from './workspace-file-format';

/*
 * How an imported file's run records fit together: every batch lists exactly its runs, each held
 * whole or recorded as deleted for good from it, and nothing belongs to no batch.
 */

/** A batch with its kept runs, and the record of each run deleted from it. */
export interface BatchEntry {
  readonly bundle: RunBatchBundle;
  readonly deletions: readonly RunDeletion[];
}

export function unique(keys: readonly string[], table: string, what: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw refused(`The file cannot be imported: ${table} has the ${what} ${key} twice.`);
    seen.add(key);
  }
}

/**
 * Groups runs, artifacts and deletions by batch, checking that each batch lists exactly its runs,
 * in order: each one held whole, or recorded as deleted for good from it (and then not held).
 */
export function bundlesOf(
  batches: readonly RunBatch[],
  runs: readonly StoredRun[],
  artifacts: readonly RunArtifact[],
  deletions: readonly RunDeletion[],
): BatchEntry[] {
  unique(
    batches.map((b) => b.id),
    'runBatches',
    'batch id',
  );
  unique(
    runs.map((r) => r.id),
    'runs',
    'run id',
  );
  unique(
    artifacts.map((a) => a.runId),
    'runArtifacts',
    'run id',
  );
  unique(
    deletions.map((d) => d.runId),
    'runDeletions',
    'run id',
  );
  const runById = new Map(runs.map((r) => [r.id, r]));
  const artifactById = new Map(artifacts.map((a) => [a.runId, a]));
  const deletionById = new Map(deletions.map((d) => [d.runId, d]));
  const listed = new Set<string>();
  const bundles = batches.map((batch): BatchEntry => {
    const bad = (what: string) => refused(`The file cannot be imported: batch ${batch.id} ${what}.`);
    const own: { run: StoredRun; artifact: RunArtifact }[] = [];
    const gone: RunDeletion[] = [];
    for (const [index, id] of batch.runIds.entries()) {
      const run = runById.get(id);
      const artifact = artifactById.get(id);
      const deletion = deletionById.get(id);
      listed.add(id);
      if (deletion && !run && !artifact) {
        if (deletion.batchId !== batch.id || deletion.caseId !== batch.caseId)
          throw bad(`lists run ${id}, whose deletion says it is elsewhere`);
        gone.push(deletion);
        continue;
      }
      if (!run || !artifact || deletion) throw bad(`lists run ${id}, which the file does not hold whole`);
      if (run.batchId !== batch.id || run.index !== index)
        throw bad(`lists run ${id}, which says it is elsewhere`);
      if (artifact.scores !== null && artifact.scores.length !== batch.validationRowIds.length) {
        throw bad(
          `has ${batch.validationRowIds.length} validation rows, but run ${id} has ${artifact.scores.length} scores`,
        );
      }
      own.push({ run, artifact });
    }
    if (own.length === 0) throw bad('holds no run: every one is deleted');
    if (batch.best !== null && !batch.runIds.includes(batch.best))
      throw bad(`names a best run it does not have`);
    return {
      bundle: { batch, runs: own.map((o) => o.run), artifacts: own.map((o) => o.artifact) },
      deletions: gone,
    };
  });
  const stray = [
    ...runs.map((r) => r.id),
    ...artifacts.map((a) => a.runId),
    ...deletions.map((d) => d.runId),
  ].find((id) => !listed.has(id));
  if (stray !== undefined) throw refused(`The file cannot be imported: run ${stray} belongs to no batch.`);
  return bundles;
}
