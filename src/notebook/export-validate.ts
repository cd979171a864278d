import * as v from 'valibot';
import { AppError } from '../lib/errors';
import { exportIndex, type ExportRecord } from './exports';
import { asCaseId, asCellId, asRunId } from './ids';
import { parseRecord } from './run-validate';

/*
 * Export records read back from an imported workspace file: every field checked, texts bounded,
 * and the indexed case and run ids checked against what the record says it held (a record whose
 * index disagrees with its contents would show an export on the wrong lineage).
 */

const text = (max: number) =>
  v.pipe(v.string('is not text'), v.maxLength(max, `is longer than ${max} characters`));
const id = v.pipe(text(200), v.nonEmpty('is empty'));
const caseId = v.pipe(id, v.transform(asCaseId));
const cellId = v.pipe(id, v.transform(asCellId));
const runId = v.pipe(id, v.transform(asRunId));
const sha256 = v.pipe(v.string('is not text'), v.regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 in hex'));
const whole = v.pipe(
  v.number('is not a number'),
  v.integer('is not a whole number'),
  v.minValue(0, 'is negative'),
);
const list = <S extends v.GenericSchema>(item: S, max: number) =>
  v.pipe(v.array(item, 'is not a list'), v.maxLength(max, 'is too long'));

const exportedRun = v.object({ runId, batchId: id, cellId, label: text(1_000) });

const contents = v.variant('kind', [
  v.object({
    kind: v.literal('report'),
    caseId,
    caseTitle: text(10_000),
    cells: list(v.object({ cellId, kind: text(100), title: text(10_000) }), 10_000),
    runs: list(exportedRun, 100_000),
    fingerprints: list(v.object({ label: text(10_000), value: text(200) }), 10_000),
    evaluations: v.optional(list(id, 10_000)),
  }),
  v.object({
    kind: v.literal('workspace'),
    cases: list(
      v.object({ caseId, title: text(10_000), deleted: v.boolean('is not true or false') }),
      100_000,
    ),
    files: whole,
    runIds: list(runId, 10_000_000),
  }),
  v.object({
    kind: v.literal('model-bundle'),
    caseId,
    caseTitle: text(10_000),
    run: exportedRun,
    modelVersion: v.nullable(v.object({ id, version: whole, stage: text(100) })),
  }),
]);

export const exportRecordSchema = v.object({
  id,
  kind: v.picklist(['report', 'workspace', 'model-bundle'], 'is not a kind of export'),
  exportedAt: text(40),
  appVersion: text(100),
  fileName: text(1_000),
  sizeBytes: whole,
  sha256,
  caseIds: list(caseId, 100_000),
  runIds: list(runId, 10_000_000),
  contents,
});

/** An export record from outside (an imported file), or AppError('invalid-document') naming the bad field. */
export function parseExportRecord(raw: unknown, path: string): ExportRecord {
  const record = parseRecord(exportRecordSchema, raw, path);
  const index = exportIndex(record.contents);
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (
    record.kind !== record.contents.kind ||
    !same(record.caseIds, index.caseIds) ||
    !same(record.runIds, index.runIds)
  ) {
    throw new AppError(
      'invalid-document',
      `${path} does not match its contents (its kind, cases or runs differ from what it says it held).`,
    );
  }
  return record;
}
