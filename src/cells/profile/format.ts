import type { ClassShare, ColumnProfile, TargetRate } from '../../data/profile';

/** A number for a table cell: integers with separators, others with 4 significant digits. */
export function num(value: number | string | null): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(3);
  return value.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

export function pct(part: number, whole: number): string {
  if (whole === 0) return '0%';
  const share = (part / whole) * 100;
  return `${share < 1 && share > 0 ? share.toFixed(2) : share.toFixed(1)}%`;
}

/** Missing values of every kind, as one line: "11 blank, 1,526 "No internet service" (review)". */
export function missingLine(column: ColumnProfile): string {
  const { nulls, blanks, placeholders } = column.missing;
  const parts: string[] = [];
  if (nulls > 0) parts.push(`${num(nulls)} NULL`);
  if (blanks > 0) parts.push(`${num(blanks)} blank`);
  for (const p of placeholders) {
    parts.push(`${num(p.count)} ${JSON.stringify(p.value)}${p.review ? ' (review)' : ''}`);
  }
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** The type a column should have, in words. */
export function shouldBeLine(column: ColumnProfile): string | null {
  const s = column.shouldBe;
  if (s === null) return null;
  const format = s.format ? ` (${s.format})` : '';
  const also = s.alsoMatches && s.alsoMatches.length > 0 ? `; also matches ${s.alsoMatches.join(', ')}` : '';
  return `should be ${s.type}${format}: ${pct(s.share, 1)} parse${also}`;
}

export function flagsOf(column: ColumnProfile): string[] {
  const flags: string[] = [];
  if (column.flags.allMissing) flags.push('all missing');
  else if (column.flags.constant) flags.push('constant');
  if (column.flags.idLike) flags.push('ID-like');
  if (column.flags.highCardinality) flags.push('many distinct values');
  return flags;
}

export function rateBars(rates: readonly TargetRate[]): { label: string; value: number }[] {
  return rates.map((r) => ({ label: `${r.label} (${num(r.count)} rows)`, value: r.rate ?? 0 }));
}

/** One class's part of a stacked class-mix bar: where it starts and how wide it is, in [0, 1]. */
export interface MixPart {
  readonly label: string;
  readonly share: number;
  readonly start: number;
}

/** A value's (or bin's) class mix as a stacked bar, with its label and rows ("Biscoe (168 rows)"). */
export interface MixBar {
  readonly label: string;
  readonly parts: readonly MixPart[];
}

/** The stacked bars of a multiclass target's mix per value; the rates without a mix are left out. */
export function mixBars(rates: readonly TargetRate[]): MixBar[] {
  return rates.flatMap((r) => {
    if (r.mix === undefined) return [];
    let start = 0;
    const parts = r.mix.map((m) => {
      const part = { label: m.label, share: m.share ?? 0, start };
      start += part.share;
      return part;
    });
    return [{ label: `${r.label} (${num(r.count)} rows)`, parts }];
  });
}

/** The class mix in words: "Adelie 44.2%, Chinstrap 19.8%, Gentoo 36.0%". */
export function mixLine(mix: readonly ClassShare[]): string {
  return mix.map((m) => `${m.label} ${m.share === null ? '–' : pct(m.share, 1)}`).join(', ');
}
