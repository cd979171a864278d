import { AppError, assertNever } from '../../lib/errors';
import type { SqlEngine } from '../engine';
import { quoteIdent } from '../sql';
import { countAt, texts } from './results';
import type { FeatureSpec } from './types';

/** The rows a fit learns from: those of `trainWhere` whose target is known. */
export function trainRows(table: string, target: string, trainWhere: string): string {
  return `(SELECT * FROM ${quoteIdent(table)} WHERE (${trainWhere}\n) AND ${quoteIdent(target)} IS NOT NULL) AS train`;
}

/** Values that are plainly the positive class when a binary target has exactly these two. */
const OBVIOUS_PAIRS: readonly (readonly [string, string])[] = [
  ['0', '1'],
  ['false', 'true'],
];

/** How many of the target's values a typed positive class is matched against. */
const MATCH_VALUES = 50;

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0']);

/**
 * The target value a typed positive class means: itself, the same word in another case, or the
 * same truth value (a Yes/No column that the CSV reader typed BOOLEAN holds true/false, and "Yes"
 * means true). Null when none of `values` matches.
 */
export function matchPositive(positive: string, values: readonly string[]): string | null {
  if (values.includes(positive)) return positive;
  const typed = positive.trim().toLowerCase();
  const sameWord = values.find((v) => v.trim().toLowerCase() === typed);
  if (sameWord !== undefined) return sameWord;
  for (const words of [TRUE_WORDS, FALSE_WORDS]) {
    if (!words.has(typed)) continue;
    const same = values.filter((v) => words.has(v.trim().toLowerCase()));
    if (same.length === 1) return same[0] ?? null;
  }
  return null;
}

function targetError(spec: FeatureSpec, detail: string): AppError {
  return new AppError('bad-input', `The target "${spec.target}" ${detail}`);
}

async function binaryPositive(engine: SqlEngine, from: string, spec: FeatureSpec, signal?: AbortSignal) {
  const target = quoteIdent(spec.target);
  const sql = `SELECT CAST(${target} AS VARCHAR) AS v FROM ${from} GROUP BY 1 ORDER BY count(*) DESC, v LIMIT 3`;
  const values = texts(await engine.query(sql, signal ? { signal } : {}), 'v');
  if (values.length < 2) {
    const only = values[0] === undefined ? '' : ` (every training row is ${values[0]})`;
    throw targetError(spec, `has one class on the training rows${only}: a binary model needs both.`);
  }
  if (spec.positive !== undefined) {
    const all = texts(
      await engine.query(
        `SELECT CAST(${target} AS VARCHAR) AS v FROM ${from} GROUP BY 1 ORDER BY count(*) DESC, v LIMIT ${MATCH_VALUES}`,
        signal ? { signal } : {},
      ),
      'v',
    );
    const matched = matchPositive(spec.positive, all);
    if (matched === null) {
      throw targetError(
        spec,
        `has no training row equal to the positive class "${spec.positive}": its values are ${all.slice(0, 10).join(', ')}${all.length > 10 ? '…' : ''}. Type one of them as the positive class.`,
      );
    }
    return matched;
  }
  const sorted = [...values].sort();
  const pair = OBVIOUS_PAIRS.find(([a, b]) => values.length === 2 && sorted[0] === a && sorted[1] === b);
  if (pair === undefined) {
    throw new AppError(
      'missing-input',
      `The target "${spec.target}" has values ${values.join(', ')}…: choose which one is the positive class.`,
    );
  }
  return pair[1];
}

/**
 * Checks the target on the training rows and returns the positive class of a binary target
 * (filled in when the values are 0/1 or false/true). Throws when no training row has a target,
 * when a binary target has one class, or when a regression target is not a number.
 */
export async function checkTarget(
  engine: SqlEngine,
  table: string,
  spec: FeatureSpec,
  trainWhere: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const from = trainRows(table, spec.target, trainWhere);
  const target = quoteIdent(spec.target);
  const counted = await engine.query(
    `SELECT count(*) AS n, count(DISTINCT ${target}) AS distinct_values, count(*) FILTER (WHERE TRY_CAST(${target} AS DOUBLE) IS NULL) AS not_numbers FROM ${from}`,
    signal ? { signal } : {},
  );
  if (countAt(counted, 'n') === 0) {
    throw targetError(
      spec,
      'is NULL on every training row (or there are no training rows): nothing to learn from.',
    );
  }
  switch (spec.task) {
    case 'binary':
      return binaryPositive(engine, from, spec, signal);
    case 'regression':
      if (countAt(counted, 'not_numbers') > 0)
        throw targetError(spec, 'has values that are not numbers: a regression target must be numeric.');
      if (countAt(counted, 'distinct_values') < 2)
        throw targetError(spec, 'has one value on every training row: there is nothing to predict.');
      return spec.positive;
    default:
      return assertNever(spec.task);
  }
}
