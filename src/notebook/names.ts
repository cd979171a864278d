/** `prefix_1`, `prefix_2`, … : the first that no name in `taken` has, compared case-insensitively as DuckDB does. */
export function uniqueName(prefix: string, taken: ReadonlySet<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  for (let n = 1; ; n++) {
    const name = `${prefix}_${n}`;
    if (!lower.has(name.toLowerCase())) return name;
  }
}
