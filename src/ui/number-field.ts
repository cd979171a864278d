/* What a number field accepts: pure, so it is tested without a browser. */

/** The numbers a field accepts. Bounds are inclusive (`min`, `max`) or strict (`above`, `below`). */
export interface NumberRule {
  /** Whole numbers only. */
  readonly whole?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly above?: number;
  readonly below?: number;
}

const text = (n: number): string => n.toLocaleString('en-US');

/** What the rule asks for, for people: "a whole number from 1 to 200", "a number above 0 and below 1". */
export function ruleText(rule: NumberRule): string {
  const kind = rule.whole ? 'a whole number' : 'a number';
  const { min, max, above, below } = rule;
  if (min !== undefined && max !== undefined) return `${kind} from ${text(min)} to ${text(max)}`;
  const bounds = [
    min !== undefined ? `at least ${text(min)}` : above !== undefined ? `above ${text(above)}` : '',
    max !== undefined ? `at most ${text(max)}` : below !== undefined ? `below ${text(below)}` : '',
  ].filter((b) => b !== '');
  return bounds.length === 0 ? kind : `${kind} ${bounds.join(' and ')}`;
}

/** The number a field's text means under `rule`, or why it is refused. Blank text is refused. */
export function parseNumber(value: string, rule: NumberRule): { value: number } | { error: string } {
  const trimmed = value.trim();
  const n = Number(trimmed);
  const fits =
    trimmed !== '' &&
    Number.isFinite(n) &&
    (!rule.whole || Number.isInteger(n)) &&
    (rule.min === undefined || n >= rule.min) &&
    (rule.max === undefined || n <= rule.max) &&
    (rule.above === undefined || n > rule.above) &&
    (rule.below === undefined || n < rule.below);
  return fits ? { value: n } : { error: `Must be ${ruleText(rule)}.` };
}

/**
 * `parseNumber` for a field that may be left empty, meaning none (an "all" or "auto" setting):
 * blank text is null, anything else must fit the rule.
 */
export function parseOptionalNumber(
  value: string,
  rule: NumberRule,
): { value: number | null } | { error: string } {
  if (value.trim() === '') return { value: null };
  const parsed = parseNumber(value, rule);
  return 'error' in parsed ? { error: `Must be ${ruleText(rule)}, or left empty.` } : parsed;
}
