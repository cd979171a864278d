import * as v from 'valibot';
import { evaluationSchema } from './bundle/schema';
import type { ModelEvaluation } from './bundle/types';
import { asCaseId, asCellId, asRunId, type CaseId, type CellId, type RunId } from './ids';

/*
 * Evaluations as lineage records (issue 22, item 3): what an evaluate cell judged of a stored run
 * (the brief's metric with its interval, the threshold, the value there, the verdict), written
 * once and never changed, so that the lineage reads run → evaluation → report, and a report says
 * which evaluation it was made from. The evaluation is the shape a model version's stage event
 * keeps (`ModelEvaluation`). Its id is a hash of what it says (see `cells/evaluate/record.ts`):
 * evaluating the same run the same way again finds the record of the first time. Deleting the run
 * for good, or purging its case, deletes it. Types and the validation of imported records;
 * `storage/runs.ts` keeps them.
 */

export interface EvaluationRecord {
  /** SHA-256 (hex) of the case, cell, run, predictions table, app version and evaluation. */
  readonly id: string;
  readonly caseId: CaseId;
  /** The evaluate cell that judged the run. */
  readonly cellId: CellId;
  readonly runId: RunId;
  readonly batchId: string;
  /** The predictions table it read. */
  readonly predictions: string;
  /** ISO 8601: when it was first judged so. */
  readonly evaluatedAt: string;
  readonly appVersion: string;
  readonly evaluation: ModelEvaluation;
}

/** What a report or a view says of the record it shows: "evaluation 3f2a9c1b07e4 of 2026-03-01 10:00". */
export interface EvaluationRef {
  readonly id: string;
  readonly evaluatedAt: string;
}

const text = (max: number) =>
  v.pipe(v.string('is not text'), v.maxLength(max, `is longer than ${max} characters`));
const id = v.pipe(text(200), v.nonEmpty('is empty'));

export const evaluationRecordSchema = v.strictObject({
  id: v.pipe(v.string('is not text'), v.regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex')),
  caseId: v.pipe(id, v.transform(asCaseId)),
  cellId: v.pipe(id, v.transform(asCellId)),
  runId: v.pipe(id, v.transform(asRunId)),
  batchId: id,
  predictions: text(1_000),
  evaluatedAt: text(40),
  appVersion: text(100),
  evaluation: evaluationSchema,
});
