import { AppError, assertNever } from '../../lib/errors';
import { quoteIdent, quoteLiteral } from '../sql';
import { CYCLIC_PARTS } from './types';
import type {
  BucketEncoding,
  DatePart,
  DatePartsEncoding,
  FeatureEncoding,
  NumericEncoding,
  OneHotEncoding,
  OrdinalEncoding,
} from './types';

/* One encoding → its output columns as SQL expressions over the input row. */

export interface OutputColumn {
  readonly name: string;
  readonly expr: string;
}

export interface EncodedFeature {
  /** One line for the comment above the feature's columns. */
  readonly comment: string;
  readonly outputs: readonly OutputColumn[];
}

/**
 * A double as SQL. Up to 15 significant digits DuckDB's DECIMAL reading is exact; longer ones get
 * an exponent so that DuckDB reads them as DOUBLE, with correct rounding.
 */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new AppError('internal', `Not a finite number: ${value}`);
  const text = String(value);
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
  const literal = text.includes('e') || digits <= 15 ? text : `${text}e0`;
  return value < 0 ? `(${literal})` : literal;
}

/** User text in a one-line comment. */
export const commentText = (text: string): string => text.replace(/[\r\n]+/g, ' ');

const asText = (column: string): string => `CAST(${quoteIdent(column)} AS VARCHAR)`;
const asDouble = (column: string): string => `CAST(${quoteIdent(column)} AS DOUBLE)`;
const flag = (condition: string): string => `CASE WHEN ${condition} THEN 1.0 ELSE 0.0 END`;

export function notFitted(feature: FeatureEncoding): AppError {
  return new AppError(
    'bad-input',
    `The ${feature.encoding} feature "${feature.column}" has not been fitted: fit the spec on the training rows before compiling it.`,
  );
}

/** The value before imputation: the column as DOUBLE, or its log1p. */
export function numericValue(f: NumericEncoding): string {
  const value = asDouble(f.column);
  // Negative values are clipped to 0 by CASE, which keeps a NULL (DuckDB's greatest() would not).
  return f.log === true ? `ln(1 + CASE WHEN ${value} < 0 THEN 0 ELSE ${value} END)` : value;
}

function numeric(f: NumericEncoding): EncodedFeature {
  const fitted = f.fitted;
  if (fitted === undefined) throw notFitted(f);
  let expr = numericValue(f);
  const steps: string[] = f.log === true ? ['log1p (negatives clipped to 0)'] : [];
  if (f.impute != null) {
    if (fitted.fill === null) throw notFitted(f);
    expr = `coalesce(${expr}, ${sqlNumber(fitted.fill)})`;
    steps.push(`NULL → ${f.impute} ${fitted.fill}`);
  }
  if (f.standardise === true) {
    // As StandardScaler: a constant column is divided by 1, not 0.
    const scale = fitted.std === 0 ? 1 : fitted.std;
    expr = `(${expr} - ${sqlNumber(fitted.mean)}) / ${sqlNumber(scale)}`;
    steps.push(`standardised (mean ${fitted.mean}, std ${fitted.std})`);
  }
  const outputs = [{ name: f.column, expr }];
  if (f.indicator === true) {
    outputs.push({ name: `${f.column}__missing`, expr: flag(`${quoteIdent(f.column)} IS NULL`) });
  }
  return { comment: `${f.column}: numeric${steps.length ? `, ${steps.join(', ')}` : ''}`, outputs };
}

function oneHot(f: OneHotEncoding): EncodedFeature {
  if (f.fitted === undefined) throw notFitted(f);
  const { categories, fill } = f.fitted;
  if (f.missing === 'mode' && fill === undefined) throw notFitted(f);
  // With `mode`, a NULL is the training mode before anything else reads the value.
  const value =
    f.missing === 'mode' ? `coalesce(${asText(f.column)}, ${quoteLiteral(fill ?? '')})` : asText(f.column);
  const outputs = categories.map((c) => ({
    name: `${f.column}=${c}`,
    expr: flag(`${value} = ${quoteLiteral(c)}`),
  }));
  if (f.other) {
    const known = categories.length
      ? ` AND ${value} NOT IN (${categories.map(quoteLiteral).join(', ')})`
      : '';
    outputs.push({ name: `${f.column}=(other)`, expr: flag(`${value} IS NOT NULL${known}`) });
  }
  if (f.missing === 'category') {
    outputs.push({ name: `${f.column}=(missing)`, expr: flag(`${quoteIdent(f.column)} IS NULL`) });
  }
  const rest = f.other ? 'others → (other)' : 'others → all 0';
  const missing =
    f.missing === 'category'
      ? 'NULL → (missing)'
      : f.missing === 'mode'
        ? `NULL → the train mode ${fill ?? ''}`
        : 'NULL → all 0';
  return {
    comment: `${f.column}: one-hot, ${categories.length} of the top ${f.topK} train values; ${rest}; ${missing}`,
    outputs,
  };
}

function ordinal(f: OrdinalEncoding): EncodedFeature {
  const cases = f.order.map((level, i) => `WHEN ${quoteLiteral(level)} THEN ${i}.0`).join(' ');
  return {
    comment: `${f.column}: ordinal, ${f.order.length} levels in the given order; NULL and others → -1`,
    outputs: [{ name: f.column, expr: `CASE ${asText(f.column)} ${cases} ELSE -1.0 END` }],
  };
}

const PART_SQL: Record<DatePart, string> = {
  year: 'year',
  month: 'month',
  dow: 'isodow',
  day: 'day',
  hour: 'hour',
  doy: 'doy',
};

/** Where each cyclic part's cycle starts: month and ISO weekday count from 1, the hour from 0. */
const CYCLE_START: Record<keyof typeof CYCLIC_PARTS, number> = { month: 1, dow: 1, hour: 0 };

const isCyclic = (part: DatePart): part is keyof typeof CYCLIC_PARTS => part in CYCLIC_PARTS;

function dateParts(f: DatePartsEncoding): EncodedFeature {
  const timestamp = `CAST(${quoteIdent(f.column)} AS TIMESTAMP)`;
  const partSql = (part: DatePart) => `date_part(${quoteLiteral(PART_SQL[part])}, ${timestamp})`;
  const outputs = f.parts.map((part) => ({
    name: `${f.column}_${part}`,
    expr: `CAST(${partSql(part)} AS DOUBLE)`,
  }));
  const cyclic = f.cyclic === true ? f.parts.filter(isCyclic) : [];
  for (const part of cyclic) {
    const angle = `2 * pi() * (${partSql(part)} - ${CYCLE_START[part]}) / ${CYCLIC_PARTS[part]}`;
    outputs.push({ name: `${f.column}_${part}_sin`, expr: `sin(${angle})` });
    outputs.push({ name: `${f.column}_${part}_cos`, expr: `cos(${angle})` });
  }
  const cycles = cyclic.length > 0 ? `; sin/cos of ${cyclic.join(', ')}` : '';
  return {
    comment: `${f.column}: date parts ${f.parts.join(', ')} (dow: Monday 1 … Sunday 7)${cycles}`,
    outputs,
  };
}

function bucket(f: BucketEncoding): EncodedFeature {
  if (f.fitted === undefined) throw notFitted(f);
  const { edges } = f.fitted;
  const value = asDouble(f.column);
  const cases = edges.map((edge, i) => `WHEN ${value} < ${sqlNumber(edge)} THEN ${i}.0`);
  const expr = `CASE WHEN ${value} IS NULL THEN -1.0 ${cases.join(' ')} ELSE ${edges.length}.0 END`;
  return {
    comment: `${f.column}: ${f.method} bins, inner edges [${edges.join(', ')}]; NULL → -1`,
    outputs: [{ name: `${f.column}_bin`, expr }],
  };
}

export function encodeFeature(f: FeatureEncoding): EncodedFeature {
  switch (f.encoding) {
    case 'numeric':
      return numeric(f);
    case 'one-hot':
      return oneHot(f);
    case 'ordinal':
      return ordinal(f);
    case 'date-parts':
      return dateParts(f);
    case 'bucket':
      return bucket(f);
    case 'boolean':
      return {
        comment: `${f.column}: boolean, true → 1, false → 0`,
        outputs: [{ name: f.column, expr: `CAST(CAST(${quoteIdent(f.column)} AS BOOLEAN) AS DOUBLE)` }],
      };
    default:
      return assertNever(f);
  }
}
