/* How counts and shares read in status badges and report sections. */

/** "1 row", "1,204 rows". */
export const rowsText = (n: number): string => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;

/** 1204 → "1,204". */
export const grouped = (n: number): string => n.toLocaleString('en-US');

/** 0.1234 → "12.3%". */
export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
