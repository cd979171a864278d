import { assertNever } from '../../lib/errors';
import type { CleanStep, Recipe } from './types';

const MAX_TEXT = 60;

/** One line, no control characters (which could end a `--` comment), at most `max` characters. */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const name = (column: string): string => `"${oneLine(column, MAX_TEXT)}"`;
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
const bound = (value: number | null): string => (value === null ? '…' : String(value));

/** What a step does, in a few words: the comment above its SQL and the subject of its errors. */
export function describeStep(step: Recipe): string {
  switch (step.recipe) {
    case 'cast':
      return `cast ${name(step.column)} to ${step.to}`;
    case 'parse-date':
      return `parse ${name(step.column)} with format ${oneLine(step.format, MAX_TEXT)}`;
    case 'trim':
      return [
        `trim ${name(step.column)}`,
        step.lower ? 'lower-case' : '',
        step.collapseSpaces ? 'collapse spaces' : '',
      ]
        .filter((part) => part !== '')
        .join(', ');
    case 'placeholder-null':
      return `placeholders in ${name(step.column)} become NULL (${oneLine(step.tokens.map((t) => `'${t}'`).join(', '), MAX_TEXT)})`;
    case 'impute':
      return step.method === 'constant'
        ? `fill missing ${name(step.column)} with a constant`
        : `fill missing ${name(step.column)} with the ${step.method}`;
    case 'merge-categories':
      return `merge categories of ${name(step.column)} (${plural(Object.keys(step.mapping).length, 'value')})`;
    case 'clip-outliers':
      return `${step.action === 'drop' ? 'drop rows with' : 'clip'} ${name(step.column)} outside [${bound(step.lower)}, ${bound(step.upper)}]`;
    case 'dedupe':
      return step.mode === 'exact'
        ? 'drop exact duplicate rows'
        : `keep the latest row per ${step.keys.map(name).join(', ')} by ${name(step.orderBy)}`;
    case 'filter':
      return `keep rows where ${oneLine(step.where, MAX_TEXT)}`;
    case 'drop-columns':
      return `drop ${step.columns.map(name).join(', ')}`;
    case 'rename':
      return `rename ${name(step.from)} to ${name(step.to)}`;
    case 'sql':
      return 'free SQL over the previous step';
    default:
      return assertNever(step);
  }
}

/** "Step 3 (cast "x" to DOUBLE)": `position` counts every step of the list, disabled ones too, from 1. */
export function stepLabel(step: CleanStep, position: number): string {
  return `Step ${position} (${describeStep(step)})`;
}
