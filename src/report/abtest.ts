import { escapeHtml as e } from './escape';
import { facts, figureHtml, table } from './sections';
import type { SvgIds } from './svg';
import type { AbtestSection } from './types';

type Grid = { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };

/** Every column but the first holds numbers (right-aligned). */
const grid = (caption: string, g: Grid): string =>
  table(
    caption,
    g.head,
    g.rows.map((r) => r.map(e)),
    new Set(g.head.map((_, i) => i).filter((i) => i > 0)),
  );

/** An A/B test's section: the design's facts and power curve, then the analysis with its warnings. */
export function abtestHtml(s: AbtestSection, ids: SvgIds): string {
  const design = `<h3>Design</h3>${facts(s.design.map((f) => [f.label, e(f.value)] as const))}${s.figure ? figureHtml(s.figure, ids) : ''}`;
  const a = s.analysis;
  if (a === null) return `${design}<p class="muted">No results table analysed yet.</p>`;
  const warnings = a.warnings.map((w) => `<p class="warning" role="note">${e(w)}</p>`).join('');
  const verdicts = `<div class="verdict" role="note" aria-label="A/B test verdict">${a.verdicts.map((v) => `<p>${e(v)}</p>`).join('')}</div>`;
  const notes = a.notes.map((n) => `<p class="muted">${e(n)}</p>`).join('');
  return (
    `${design}<h3>Analysis of ${e(a.table)}</h3>${verdicts}${warnings}` +
    grid('Arms', a.arms) +
    grid('Treatment against control', a.comparisons) +
    (a.means ? grid('Per-user value (Welch)', a.means) : '') +
    notes
  );
}
