/** `prefix_1`, `prefix_2`, … : the first that no name in `taken` has, compared case-insensitively as DuckDB does. */
export function uniqueName(prefix: string, taken: ReadonlySet<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  for (let n = 1; ; n++) {
    const name = `${prefix}_${n}`;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

/**
 * A table name from an imported file's name, unique in the case (`taken`, compared
 * case-insensitively as DuckDB does): `Customer List (2024).csv` → `customer_list_2024`, then
 * `customer_list_2024_2`, … . A name that would start with a digit is prefixed `t_`; one with no
 * letter or digit at all is `source`.
 */
export function tableNameFor(fileName: string, taken: ReadonlySet<string>): string {
  const stem = fileName.replace(/\.[^.]*$/, '');
  let base = stem
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  // Only [a-z0-9_] is left, with no "_" at either end: a plain SQL name unless it starts with a digit.
  if (!/^[a-z]/.test(base)) base = base === '' ? 'source' : `t_${base}`;
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  let name = base;
  for (let n = 2; lower.has(name); n++) name = `${base}_${n}`;
  return name;
}
