/**
 * Text for HTML, as element content or as a double-quoted attribute value: the five characters
 * that can end either are replaced by entities. Every value that goes into the report passes here.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A number for people: fixed decimals, en-US grouping; an en dash when there is none. */
export function num(value: number | null | undefined, decimals = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A count, grouped: 7,043. */
export const count = (value: number): string => num(value, 0);

/** A size in bytes for people: 954 KB. */
export function bytes(value: number): string {
  if (value < 1024) return `${count(value)} B`;
  if (value < 1024 * 1024) return `${num(value / 1024, 0)} KB`;
  return `${num(value / (1024 * 1024), 1)} MB`;
}
