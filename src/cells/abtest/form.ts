/*
 * The A/B cell's fields as people type them: rates and effects in percent, traffic in users. Pure,
 * so the view only forwards what these accept and shows what they refuse.
 */

export type Parsed =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

/** A number typed in percent ("8", "8.5", "-5") as a share (0.08), within [min, max] percent. */
export function parsePercent(text: string, label: string, min: number, max: number): Parsed {
  const n = Number(text.trim().replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(n)) {
    return { ok: false, message: `${label} must be a number (in percent).` };
  }
  if (n < min || n > max) return { ok: false, message: `${label} must be from ${min}% to ${max}%.` };
  return { ok: true, value: n / 100 };
}

/** Daily traffic: blank for none, else a positive whole number of users. */
export function parseTraffic(
  text: string,
): { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly message: string } {
  const t = text.trim().replaceAll(',', '');
  if (t === '') return { ok: true, value: null };
  const n = Number(t);
  if (!Number.isInteger(n) || n <= 0) {
    return { ok: false, message: 'Daily traffic must be a whole number of users above 0, or blank.' };
  }
  return { ok: true, value: n };
}

/** A share as the field shows it: 0.08 → "8", 0.125 → "12.5" (no float noise). */
export const percentField = (share: number): string => String(Number((share * 100).toPrecision(12)));
