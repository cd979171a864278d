import { assertNever } from '../lib/errors';
import { abtestHtml } from './abtest';
import { escapeHtml as e } from './escape';
import {
  backtestHtml,
  briefHtml,
  chartHtml,
  evaluationHtml,
  explanationHtml,
  featuresHtml,
  markdownHtml,
  modelsHtml,
  preparationHtml,
  profileHtml,
  sourceHtml,
} from './sections';
import { REPORT_CSS } from './style';
import { SvgIds } from './svg';
import type { ReportInput, ReportSection, ReportStamp } from './types';

/**
 * No script may run and nothing may load: no script-src at all (default-src 'none' forbids it),
 * styles only inline, images only data:. First in <head>, before anything it governs.
 */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'";

const KIND_LABELS: Readonly<Record<ReportSection['kind'], string>> = {
  brief: 'Brief',
  source: 'Data source',
  preparation: 'Preparation',
  profile: 'Profile',
  chart: 'Chart',
  features: 'Features',
  models: 'Models',
  evaluation: 'Evaluation',
  backtest: 'Backtest',
  explanation: 'Explanation',
  markdown: 'Notes',
  abtest: 'A/B test',
};

function sectionBody(section: ReportSection, ids: SvgIds): string {
  switch (section.kind) {
    case 'brief':
      return briefHtml(section);
    case 'source':
      return sourceHtml(section);
    case 'preparation':
      return preparationHtml(section);
    case 'profile':
      return profileHtml(section);
    case 'chart':
      return chartHtml(section, ids);
    case 'features':
      return featuresHtml(section);
    case 'models':
      return modelsHtml(section);
    case 'evaluation':
      return evaluationHtml(section, ids);
    case 'backtest':
      return backtestHtml(section, ids);
    case 'explanation':
      return explanationHtml(section, ids);
    case 'markdown':
      return markdownHtml(section.text);
    case 'abtest':
      return abtestHtml(section, ids);
    default:
      return assertNever(section);
  }
}

function sectionHtml(section: ReportSection, index: number, ids: SvgIds): string {
  const id = `s${index + 1}`;
  return `<section class="part" id="${id}" data-kind="${section.kind}" aria-labelledby="${id}-h"><p class="kind">${e(KIND_LABELS[section.kind])}</p><h2 id="${id}-h">${e(section.heading)}</h2>\n${sectionBody(section, ids)}\n</section>`;
}

function stampHtml(stamp: ReportStamp): string {
  const rows: [string, string][] = [
    ['Case', e(stamp.caseId)],
    ['Exported', e(stamp.exportedAt)],
    ['Casebook', e(stamp.appVersion)],
    ['Runs', stamp.runIds.length === 0 ? 'none' : stamp.runIds.map(e).join(', ')],
    ...(stamp.evaluationIds && stamp.evaluationIds.length > 0
      ? [['Evaluations', stamp.evaluationIds.map(e).join(', ')] satisfies [string, string]]
      : []),
    ...stamp.fingerprints.map((f): [string, string] => [f.label, `<span class="hash">${e(f.value)}</span>`]),
  ];
  return `<div class="stamp" aria-label="Provenance"><dl>${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join('')}</dl></div>`;
}

function summaryHtml(summary: string): string {
  const paragraphs = summary
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (paragraphs.length === 0) return '';
  return `<div class="summary" aria-label="Summary">${paragraphs.map((p) => `<p>${e(p).replace(/\n/g, '<br>')}</p>`).join('')}</div>`;
}

function tocHtml(sections: readonly ReportSection[]): string {
  if (sections.length < 2) return '';
  const items = sections.map((s, i) => `<li><a href="#s${i + 1}">${e(s.heading)}</a></li>`).join('');
  return `<nav class="toc" aria-label="Contents"><ol>${items}</ol></nav>`;
}

function sectionsHtml(sections: readonly ReportSection[]): string {
  const ids = new SvgIds();
  return sections.map((s, i) => sectionHtml(s, i, ids)).join('\n');
}

/**
 * The case as one self-contained HTML page: a pure function of its input (the date comes in
 * with it), so the same input gives the same bytes. Every value is escaped; charts are inline
 * SVG through an allow-list; the CSP forbids scripts and every load.
 */
export function renderReport(input: ReportInput): string {
  const title = input.title.trim() === '' ? 'Untitled case' : input.title;
  return `<!doctype html>
<html lang="en">
<head>
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Casebook ${e(input.stamp.appVersion)}">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header class="report"><h1>${e(title)}</h1>${stampHtml(input.stamp)}</header>
${summaryHtml(input.summary)}
${tocHtml(input.sections)}
${sectionsHtml(input.sections)}
</main>
</body>
</html>
`;
}
