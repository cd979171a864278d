import type { Recipe } from '../clean';
import type { ColumnProfile, IssueCode, KeyCandidate, QualityIssue } from './types';

/* Quality issues, each with a message for people and the clean recipes that would fix it. */

const fmt = (n: number): string => n.toLocaleString('en-US');
const pct = (part: number, whole: number): string =>
  whole === 0 ? '0%' : `${(Math.round((part / whole) * 1000) / 10).toLocaleString('en-US')}%`;
const of = (part: number, whole: number): string => `${fmt(part)} of ${fmt(whole)} (${pct(part, whole)})`;

function issue(
  severity: QualityIssue['severity'],
  column: string | null,
  code: IssueCode,
  rows: number,
  message: string,
  suggestions: readonly Recipe[] = [],
): QualityIssue {
  return { severity, column, code, rows, message, suggestions };
}

/** The sure placeholders found, plus '' for blanks: what a 'placeholder-null' step needs. */
function missingTokens(c: ColumnProfile): string[] {
  const tokens = c.missing.placeholders.filter((p) => p.review !== true).map((p) => p.value);
  return c.missing.blanks > 0 ? [...tokens, ''] : tokens;
}

function placeholderSteps(c: ColumnProfile): Recipe[] {
  const tokens = missingTokens(c);
  return tokens.length === 0 ? [] : [{ recipe: 'placeholder-null', column: c.name, tokens }];
}

function missingIssues(c: ColumnProfile, rows: number): QualityIssue[] {
  const issues: QualityIssue[] = [];
  const sure = c.missing.placeholders.filter((p) => p.review !== true);
  const hidden = c.missing.blanks + sure.reduce((sum, p) => sum + p.count, 0);
  if (hidden > 0) {
    const shown = [...(c.missing.blanks > 0 ? ['blank'] : []), ...sure.map((p) => `"${p.value}"`)].join(', ');
    const message = `${c.name}: ${of(hidden, rows)} values stand for missing (${shown}).`;
    issues.push(
      issue(
        hidden / rows > 0.5 ? 'high' : 'medium',
        c.name,
        'placeholders',
        hidden,
        message,
        placeholderSteps(c),
      ),
    );
  }
  const review = c.missing.placeholders.filter((p) => p.review === true);
  for (const p of review) {
    const merge: Recipe[] = c.top.some((t) => t.value === 'No')
      ? [{ recipe: 'merge-categories', column: c.name, mapping: { [p.value]: 'No' } }]
      : [];
    const message = `${c.name}: "${p.value}" in ${of(p.count, rows)} rows may mean missing or be a category of its own; review it.`;
    issues.push(
      issue('low', c.name, 'placeholders', p.count, message, [
        ...merge,
        { recipe: 'placeholder-null', column: c.name, tokens: [p.value] },
      ]),
    );
  }
  if (c.missing.nulls > 0) {
    // The median the profile measured is the fitted value, so the step runs as proposed.
    const median = c.quantiles?.p50 ?? null;
    const impute: Recipe[] =
      c.kind === 'numeric' && median !== null
        ? [{ recipe: 'impute', column: c.name, method: 'median', indicator: true, fitted: median }]
        : [];
    const share = c.missing.nulls / rows;
    const message = `${c.name}: ${of(c.missing.nulls, rows)} values are missing (NULL).`;
    issues.push(
      issue(
        share > 0.5 ? 'high' : share > 0.05 ? 'medium' : 'low',
        c.name,
        'missing',
        c.missing.nulls,
        message,
        impute,
      ),
    );
  }
  return issues;
}

function shouldBeIssue(c: ColumnProfile, rows: number): QualityIssue | null {
  const s = c.shouldBe;
  if (s === null) return null;
  const parsed = `${pct(s.share, 1)} of its non-missing values`;
  const failing =
    s.failures.length > 0 ? ` Values that do not parse: ${s.failures.map((f) => `"${f}"`).join(', ')}.` : '';
  const before = placeholderSteps(c);
  switch (s.type) {
    case 'DOUBLE':
    case 'BIGINT':
      return issue(
        'medium',
        c.name,
        'should-be-number',
        c.count,
        `${c.name} is text, but ${parsed} are numbers.${failing}`,
        [...before, { recipe: 'cast', column: c.name, to: s.type }],
      );
    case 'BOOLEAN':
      return issue(
        'low',
        c.name,
        'should-be-boolean',
        c.count,
        `${c.name} is text, but ${parsed} are yes/no values.${failing}`,
        [...before, { recipe: 'cast', column: c.name, to: 'BOOLEAN' }],
      );
    case 'DATE':
    case 'TIMESTAMP': {
      const format = s.format ?? '%Y-%m-%d';
      const also = s.alsoMatches
        ? ` The formats ${s.alsoMatches.join(', ')} parse as many; ${format} was chosen.`
        : '';
      const message = `${c.name} is text, but ${parsed} are dates in the format ${format} (${fmt(rows)} rows).${also}${failing}`;
      return issue('medium', c.name, 'should-be-date', c.count, message, [
        ...before,
        { recipe: 'parse-date', column: c.name, format },
      ]);
    }
  }
}

function shapeIssues(c: ColumnProfile, rows: number, isTarget: boolean): QualityIssue[] {
  const issues: QualityIssue[] = [];
  const drop: Recipe[] = [{ recipe: 'drop-columns', columns: [c.name] }];
  if (c.flags.constant)
    issues.push(
      issue(
        'medium',
        c.name,
        'constant',
        rows,
        `${c.name} has a single value in every row that has one.`,
        drop,
      ),
    );
  if (c.flags.idLike)
    issues.push(
      issue(
        'low',
        c.name,
        'id-like',
        rows,
        `${c.name} looks like an identifier: all ${fmt(c.distinct)} values differ. It says nothing a model can learn.`,
        drop,
      ),
    );
  if (c.flags.highCardinality)
    issues.push(
      issue(
        'low',
        c.name,
        'high-cardinality',
        rows,
        `${c.name} has ${fmt(c.distinct)} distinct values in ${fmt(c.count)} rows: too many to use as categories.`,
      ),
    );
  const o = c.outliers;
  const out = o === null ? 0 : o.below + o.above;
  if (o !== null && out > 0 && o.upper > o.lower && !c.flags.idLike) {
    // A heavy tail is information, not an error: clipping is offered, never for the target, and
    // ranked below the problems that make values wrong.
    const message = isTarget
      ? `${c.name} (the target): ${of(out, rows)} values lie outside [${o.lower}, ${o.upper}] (1.5 × IQR beyond the quartiles). Never clip the target: a model must learn the values it will be judged on. Consider a log scale or a metric that tolerates a heavy tail.`
      : `${c.name}: ${of(out, rows)} values lie outside [${o.lower}, ${o.upper}] (1.5 × IQR beyond the quartiles): a heavy tail. Check a few; a log transform in the features often serves better than clipping.`;
    const clip: Recipe[] = isTarget
      ? []
      : [{ recipe: 'clip-outliers', column: c.name, lower: o.lower, upper: o.upper, action: 'clip' }];
    issues.push(issue('low', c.name, 'outliers', out, message, clip));
  }
  return issues;
}

/** Issues of one column, the worst cases first: an all-missing column needs no other advice. */
export function columnIssues(
  c: ColumnProfile,
  rows: number,
  variants: { keys: number; padded: number },
  isTarget = false,
): QualityIssue[] {
  if (rows === 0) return [];
  if (c.flags.allMissing) {
    return [
      issue('high', c.name, 'all-missing', rows, `${c.name} has no values in any of the ${fmt(rows)} rows.`, [
        { recipe: 'drop-columns', columns: [c.name] },
      ]),
    ];
  }
  const typed = shouldBeIssue(c, rows);
  const issues = [...missingIssues(c, rows), ...(typed ? [typed] : []), ...shapeIssues(c, rows, isTarget)];
  if (c.kind === 'text' && c.shouldBe === null && !c.flags.idLike) {
    if (variants.keys < c.distinct) {
      const message = `${c.name}: ${fmt(c.distinct)} distinct values become ${fmt(variants.keys)} when case and spaces are ignored.`;
      issues.push(
        issue('medium', c.name, 'whitespace-or-case', c.count, message, [
          { recipe: 'trim', column: c.name, lower: true, collapseSpaces: true },
        ]),
      );
    } else if (variants.padded > 0) {
      const message = `${c.name}: ${of(variants.padded, rows)} values have spaces at the start or end.`;
      issues.push(
        issue('low', c.name, 'whitespace-or-case', variants.padded, message, [
          { recipe: 'trim', column: c.name },
        ]),
      );
    }
  }
  return issues;
}

export function tableIssues(rows: number, duplicates: number, keys: readonly KeyCandidate[]): QualityIssue[] {
  const issues: QualityIssue[] = [];
  if (duplicates > 0) {
    const message = `${of(duplicates, rows)} rows repeat an earlier row exactly.`;
    issues.push(
      issue(duplicates / rows > 0.05 ? 'high' : 'medium', null, 'duplicate-rows', duplicates, message, [
        { recipe: 'dedupe', mode: 'exact' },
      ]),
    );
  }
  for (const k of keys.filter((k) => k.duplicateKeys > 0)) {
    const message = `${k.column} looks like a key, but ${of(k.duplicateKeys, rows)} rows repeat a key seen before.`;
    issues.push(issue('high', k.column, 'duplicate-keys', k.duplicateKeys, message));
  }
  return issues;
}

const RANK = { high: 0, medium: 1, low: 2 } as const;

/** High first, then by the rows affected. */
export function sortIssues(issues: readonly QualityIssue[]): QualityIssue[] {
  return [...issues].sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.rows - a.rows);
}
