import { createSHA256 } from 'hash-wasm';
import { describeRelation, relationType } from '../../data/catalog';
import type { SqlEngine } from '../../data/engine';
import { BASELINE_COLUMN, CLASS_COLUMN, readMatrix, ROW_ID_COLUMN, TARGET_COLUMN } from '../../data/features';
import { countAt } from '../../data/features/results';
import { SPLIT } from '../../data/split';
import { quoteIdent } from '../../data/sql';
import { AppError, throwIf, type Problem } from '../../lib/errors';
import { sha256Hex } from '../../lib/sha256';
import type { TrainConfig } from '../../notebook/train-types';
import { canonicalJson } from '../../notebook/hash';
import type { BriefConfig } from '../../notebook/types';

/*
 * A features table read as training reads it, shared by the train cell and the explain cell (which
 * checks that its run's data is still what the run trained on: `dataFingerprint`).
 */

/** A features table read for training: every row once, in `__row_id` order. */
export interface TrainData {
  readonly featureNames: readonly string[];
  /** rows × features, row-major. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly rowIds: Int32Array | Float64Array;
  /** Positions (0-based, into the rows above) of the training and validation rows, ascending. */
  readonly train: Int32Array;
  readonly validation: Int32Array;
  /** `__baseline` of every row (the brief's rule), or null when the table has none. */
  readonly rule: Float32Array | null;
  /** Multiclass: the class names, class c is `y` = c (from `__class`); null otherwise. */
  readonly classes: readonly string[] | null;
}

/** What keeps a train cell from training, whatever its data: no model besides the baseline. */
export function trainProblem(config: TrainConfig): Problem | null {
  return config.models.length === 0 && config.search === null
    ? {
        code: 'missing-input',
        message: 'Add at least one model to train: the baseline alone has nothing to be compared with.',
      }
    : null;
}

const choose = 'Choose the table a Features cell made.';

/** "1 row of … has", "3 rows of … have". */
const rowsOf = (n: number, input: string): string =>
  `${n} ${n === 1 ? 'row' : 'rows'} of "${input}" ${n === 1 ? 'has' : 'have'}`;

const bad = (message: string): Problem => ({ code: 'bad-input', message });

/**
 * What keeps a train cell from reading `input` as a features table: none chosen, not made yet
 * (`columns` null), or not a table a Features cell made (its `__` columns or its features missing).
 */
export function featureTableProblem(input: string, columns: readonly string[] | null): Problem | null {
  if (input.trim() === '')
    return { code: 'missing-input', message: `${choose} This cell trains on its rows.` };
  if (columns === null) {
    return {
      code: 'table-missing',
      message: `The table "${input}" does not exist yet: run the Features cell that makes it, or ${choose.toLowerCase()}`,
    };
  }
  const missing = [ROW_ID_COLUMN, SPLIT, TARGET_COLUMN].filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    return bad(
      `"${input}" is not a table a Features cell made: it has no ${missing.map((m) => `"${m}"`).join(', ')}. ${choose}`,
    );
  }
  if (!columns.some((name) => !name.startsWith('__'))) {
    return bad(
      `"${input}" has no feature columns: tick at least one feature in its Features cell and run it.`,
    );
  }
  return null;
}

/** The feature columns of a features table, checked: it must be one a Features cell made. */
async function featureColumns(engine: SqlEngine, input: string, signal: AbortSignal) {
  const exists = input.trim() !== '' && (await relationType(engine, input, signal)) !== null;
  const names = exists ? (await describeRelation(engine, input, signal)).columns.map((c) => c.name) : null;
  throwIf(featureTableProblem(input, names));
  const columns = names ?? [];
  return {
    features: columns.filter((name) => !name.startsWith('__')),
    hasRule: columns.includes(BASELINE_COLUMN),
    hasClass: columns.includes(CLASS_COLUMN),
  };
}

/** The rows of a features table by side and target, as `checkRows` counts them. */
export interface RowCounts {
  readonly train: number;
  readonly validation: number;
  /** Rows on neither side. */
  readonly other: number;
  readonly nullTargets: number;
  /** Rows whose target is neither 0 nor 1. */
  readonly notBinary: number;
  readonly trainPositives: number;
  /** Distinct targets among the training rows. */
  readonly trainClasses: number;
}

/** What no model can train on: no rows on a side, NULL targets, one class, labels other than 0/1 for a binary task. */
export function rowsProblem(input: string, counts: RowCounts, brief: BriefConfig): Problem | null {
  const { train, validation } = counts;
  if (train === 0 || validation === 0) {
    return bad(
      `"${input}" has ${train === 0 ? 'no training rows' : 'no validation rows'} (${train} training, ${validation} validation): change the split in its Features cell and run it again.`,
    );
  }
  if (counts.other > 0) {
    return bad(`${rowsOf(counts.other, input)} a "${SPLIT}" other than train or validation. ${choose}`);
  }
  if (counts.nullTargets > 0) {
    return bad(
      `${rowsOf(counts.nullTargets, input)} no target ("${TARGET_COLUMN}" is NULL): run its Features cell again, which leaves such rows out.`,
    );
  }
  if (brief.task === 'multiclass' && counts.trainClasses < 2) {
    return bad(
      `The target has only one class in the training rows of "${input}": a classifier needs at least two. Check the filters above and the split.`,
    );
  }
  if (brief.task !== 'binary') return null;
  if (counts.notBinary > 0) {
    return bad(
      `The brief's task is binary, but "${TARGET_COLUMN}" in "${input}" is not 0/1: run its Features cell again after changing the brief.`,
    );
  }
  const positives = counts.trainPositives;
  if (positives === 0 || positives === train) {
    const positive = brief.positive.trim() === '' ? null : `'${brief.positive}'`;
    const only =
      positives === 0
        ? positive === null
          ? 'negative rows (0)'
          : `rows that are not ${positive}`
        : (positive ?? 'positive rows (1)');
    return bad(
      `The target has only one class in the training rows (only ${only}): a classifier needs both. Check the brief's positive class, the filters above and the split.`,
    );
  }
  return null;
}

/** Refuses what no model can train on (`rowsProblem`), counted in DuckDB. */
async function checkRows(engine: SqlEngine, input: string, brief: BriefConfig, signal: AbortSignal) {
  const [split, target] = [quoteIdent(SPLIT), quoteIdent(TARGET_COLUMN)];
  const r = await engine.query(
    `SELECT count(*) FILTER (WHERE ${split} = 'train') AS train,
       count(*) FILTER (WHERE ${split} = 'validation') AS validation,
       count(*) FILTER (WHERE ${split} IS NULL OR ${split} NOT IN ('train', 'validation')) AS other,
       count(*) FILTER (WHERE ${target} IS NULL) AS null_targets,
       count(*) FILTER (WHERE ${target} IS NOT NULL AND ${target} NOT IN (0, 1)) AS not_binary,
       count(*) FILTER (WHERE ${split} = 'train' AND ${target} = 1) AS train_positives,
       count(DISTINCT ${target}) FILTER (WHERE ${split} = 'train') AS train_classes
     FROM ${quoteIdent(input)}`,
    { signal },
  );
  const counts: RowCounts = {
    train: countAt(r, 'train'),
    validation: countAt(r, 'validation'),
    other: countAt(r, 'other'),
    nullTargets: countAt(r, 'null_targets'),
    notBinary: countAt(r, 'not_binary'),
    trainPositives: countAt(r, 'train_positives'),
    trainClasses: countAt(r, 'train_classes'),
  };
  throwIf(rowsProblem(input, counts, brief));
}

/** Reads the features table once: the matrix, the sides and the rule baseline, in `__row_id` order. */
export async function readTrainData(
  engine: SqlEngine,
  input: string,
  brief: BriefConfig,
  signal: AbortSignal,
): Promise<TrainData> {
  const { features, hasRule, hasClass } = await featureColumns(engine, input, signal);
  await checkRows(engine, input, brief, signal);
  const classes = brief.task === 'multiclass' ? await readClasses(engine, input, hasClass, signal) : null;
  const ordered = `SELECT * FROM ${quoteIdent(input)} ORDER BY ${quoteIdent(ROW_ID_COLUMN)}`;
  const matrix = await readMatrix(engine, ordered, features, { signal });
  const sides = await engine.query(
    `SELECT CAST(${quoteIdent(SPLIT)} = 'validation' AS TINYINT) AS v${hasRule ? `, coalesce(CAST(${quoteIdent(BASELINE_COLUMN)} AS DOUBLE), ${brief.task === 'binary' ? '0' : "'NaN'::DOUBLE"}) AS rule` : ''} FROM (${ordered})`,
    { signal },
  );
  const side: unknown = sides.getChild('v')?.toArray();
  if (!(side instanceof Int8Array) || side.length !== matrix.rows) {
    throw new AppError('internal', `Could not read the sides of "${input}".`);
  }
  const rule: unknown = hasRule ? sides.getChild('rule')?.toArray() : null;
  const positions = (wanted: number) => Int32Array.from(side.keys()).filter((i) => side[i] === wanted);
  return {
    featureNames: features,
    x: matrix.x,
    y: matrix.y,
    rowIds: matrix.rowIds,
    train: positions(0),
    validation: positions(1),
    rule: rule instanceof Float64Array ? Float32Array.from(rule) : null,
    classes,
  };
}

/**
 * A multiclass features table's class names, by index: `__class` beside `__target` = 0 … k − 1.
 * Refuses a table made for another task (no `__class`, or an index that is not the class's).
 */
async function readClasses(
  engine: SqlEngine,
  input: string,
  hasClass: boolean,
  signal: AbortSignal,
): Promise<string[]> {
  const again = `Run its Features cell again after changing the brief to multiclass.`;
  if (!hasClass)
    throw new AppError(
      'bad-input',
      `"${input}" was not made for a multiclass target (it has no "${CLASS_COLUMN}"). ${again}`,
    );
  const r = await engine.query(
    `SELECT DISTINCT ${quoteIdent(TARGET_COLUMN)} AS c, ${quoteIdent(CLASS_COLUMN)} AS name FROM ${quoteIdent(input)} ORDER BY 1, 2`,
    { signal },
  );
  const classes: string[] = [];
  for (let i = 0; i < r.numRows; i++) {
    const index: unknown = r.getChild('c')?.get(i);
    const name: unknown = r.getChild('name')?.get(i);
    if (index !== classes.length || typeof name !== 'string') {
      throw new AppError('bad-input', `"${input}" does not hold one class index per class name. ${again}`);
    }
    classes.push(name);
  }
  if (classes.length < 3) {
    throw new AppError(
      'bad-input',
      `"${input}" has ${classes.length} classes; a multiclass model needs at least 3. ${again}`,
    );
  }
  return classes;
}

/**
 * SHA-256 (hex) of the split: one line `<__row_id>,<train|validation>\n` per row, in `__row_id`
 * order, so the same rows on the same sides give the same hash anywhere.
 */
export async function splitFingerprint(data: TrainData): Promise<string> {
  const isValidation = new Uint8Array(data.rowIds.length);
  for (const i of data.validation) isValidation[i] = 1;
  const lines = Array.from(
    data.rowIds,
    (id, i) => `${id},${isValidation[i] === 1 ? 'validation' : 'train'}\n`,
  );
  return sha256Hex(new TextEncoder().encode(lines.join('')));
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * SHA-256 (hex) of the training data exactly as the models see it: a header (feature names, row
 * count, row id type, validation count, rule present), then the bytes of x, y, the row ids, the
 * validation positions and the rule column. Typed arrays in the platform's byte order, which is
 * little-endian on every browser Casebook runs in. Incremental: x may be hundreds of MB.
 */
export async function dataFingerprint(data: TrainData): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  const header = canonicalJson({
    format: 1,
    featureNames: data.featureNames,
    rows: data.rowIds.length,
    rowIds: data.rowIds instanceof Int32Array ? 'int32' : 'float64',
    validation: data.validation.length,
    rule: data.rule !== null,
    // Multiclass only, so that a binary or regression table keeps the fingerprint it had.
    ...(data.classes === null ? {} : { classes: data.classes }),
  });
  hasher.update(`${header}\n`);
  for (const part of [data.x, data.y, data.rowIds, data.validation, data.rule]) {
    if (part !== null) hasher.update(bytesOf(part));
  }
  return hasher.digest('hex');
}
