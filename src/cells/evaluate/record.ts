import { sha256 } from 'hash-wasm';
import type { ModelEvaluation } from '../../notebook/bundle/types';
import { errorMessage } from '../../lib/errors';
import type { EvaluationRecord } from '../../notebook/evaluations';
import { canonicalJson } from '../../notebook/hash';
import { asRunId, type CaseId, type CellId } from '../../notebook/ids';
import type { FoundRun } from '../../notebook/explanations';
import type { RunsPort } from '../types';
import type { EvaluateResult } from './result';

/*
 * What an evaluation says of one run, as a model version's stage event keeps it and as an
 * evaluation record stores it (issue 22, item 3): its metric with the interval, its threshold and
 * the value there, and the verdict when the verdict was about this run.
 */

export interface Justification {
  readonly evaluation: ModelEvaluation;
  /** The run's chosen threshold (binary), which its bundle decides with; null for regression. */
  readonly threshold: number | null;
}

/** The evaluation of run `runId` in `result`, or null when that evaluation did not judge it. */
export function justificationOf(result: EvaluateResult, runId: string): Justification | null {
  const run = result.runs.find((r) => r.id === runId);
  if (!run) return null;
  const estimate = run.metrics[result.metric];
  const verdict = result.verdict?.id === runId ? result.verdict : null;
  const threshold = run.kind === 'binary' ? run.threshold : null;
  return {
    threshold,
    evaluation: {
      metric: result.metric,
      value: estimate?.value ?? null,
      lower: estimate?.lower ?? null,
      upper: estimate?.upper ?? null,
      level: result.bootstrap.level,
      rows: result.rows,
      threshold,
      valuePer1000: run.kind === 'binary' && result.valued ? run.value.atThreshold.perThousand : null,
      bar: result.bar,
      clearsBar: verdict?.clearsBar ?? null,
      verdict: verdict?.sentences ?? [],
    },
  };
}

export interface RecordFacts {
  readonly caseId: CaseId;
  readonly cellId: CellId;
  readonly appVersion: string;
  /** ISO 8601. */
  readonly now: string;
}

/**
 * The record of the verdict of `result`, about the stored run `found`; null when the verdict judged
 * no run. Its id hashes everything but the time, so judging the same run the same way again
 * gives the same id (and the store keeps the first record).
 */
export async function evaluationRecordOf(
  result: EvaluateResult,
  found: FoundRun,
  facts: RecordFacts,
): Promise<EvaluationRecord | null> {
  const judged = result.verdict === null ? null : justificationOf(result, result.verdict.id);
  if (judged === null) return null;
  const what = {
    caseId: facts.caseId,
    cellId: facts.cellId,
    runId: found.run.id,
    batchId: found.batch.id,
    predictions: result.input,
    appVersion: facts.appVersion,
    evaluation: judged.evaluation,
  };
  const id = await sha256(canonicalJson({ format: 1, ...what }));
  return { id, ...what, evaluatedAt: facts.now };
}

/**
 * The stored record that `result` (an evaluation recomputed from batch `batchId`, as a report does)
 * is: the first one of this cell about the verdict's run of that batch that says the same. Null
 * when the cell never judged it so.
 */
export function recordOf(
  records: readonly EvaluationRecord[],
  cellId: CellId,
  batchId: string,
  result: EvaluateResult,
): EvaluationRecord | null {
  const judged = result.verdict === null ? null : justificationOf(result, result.verdict.id);
  if (result.verdict === null || judged === null) return null;
  const says = canonicalJson(judged.evaluation);
  const runId = result.verdict.id;
  const same = records.filter(
    (r) =>
      r.cellId === cellId &&
      r.batchId === batchId &&
      r.runId === runId &&
      canonicalJson(r.evaluation) === says,
  );
  return same.sort((a, b) => a.evaluatedAt.localeCompare(b.evaluatedAt))[0] ?? null;
}

/**
 * Stores the record of the verdict when it judged a stored run, and says on the result which
 * record it is (a report names it). A run that is not stored (a predictions table made by hand)
 * has no record; a storage that fails leaves a notice, not a failed cell.
 */
export async function recordEvaluation(
  runs: RunsPort,
  cellId: CellId,
  result: EvaluateResult,
): Promise<EvaluateResult> {
  if (result.verdict === null) return { ...result, record: null };
  try {
    const found = await runs.findRun(asRunId(result.verdict.id));
    if (found === null) return { ...result, record: null };
    const facts = { caseId: runs.caseId, cellId, appVersion: runs.appVersion, now: new Date().toISOString() };
    const record = await evaluationRecordOf(result, found, facts);
    if (record === null) return { ...result, record: null };
    const stored = await runs.saveEvaluation(record);
    return { ...result, record: { id: stored.id, evaluatedAt: stored.evaluatedAt } };
  } catch (e: unknown) {
    return {
      ...result,
      record: null,
      notices: [
        ...result.notices,
        `This evaluation is not stored in the lineage (${errorMessage(e)}); run the cell again to store it.`,
      ],
    };
  }
}
