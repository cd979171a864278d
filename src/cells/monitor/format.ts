/** Numbers as the monitor shows them: three decimals, or fewer digits past 100. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 100
    ? x.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : x.toLocaleString('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
}
