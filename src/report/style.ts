/*
 * The report's one stylesheet: light, readable on screen and on paper. Plot's own <style> element
 * is not carried over (see svg.ts); the rules it set on charts are restated at the end.
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1f2328; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
header.report h1 { font-size: 1.9rem; margin: 0 0 0.25rem; }
.stamp { color: #57606a; font-size: 12px; }
.stamp dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.5rem 0; }
.stamp dt { font-weight: 600; }
.stamp dd { margin: 0; overflow-wrap: anywhere; }
.summary { font-size: 1.05rem; border-left: 4px solid #0072b2; padding: 0.2rem 1rem; margin: 1.5rem 0; }
nav.toc ol { padding-left: 1.4rem; }
section.part { border-top: 1px solid #d0d7de; margin-top: 2.5rem; padding-top: 1rem; }
section.part > h2 { font-size: 1.35rem; margin: 0 0 0.6rem; }
.kind { color: #57606a; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { color: #57606a; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: 0.6rem 0.8rem; overflow-x: auto; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
.verdict { background: #f6f8fa; border: 1px solid #d0d7de; padding: 0.6rem 1rem; }
.verdict.pass { border-left: 5px solid #1a7f37; }
.verdict.fail { border-left: 5px solid #cf222e; }
.sev-high { color: #cf222e; font-weight: 600; }
.sev-medium { color: #9a6700; }
.muted { color: #57606a; }
.best { font-weight: 600; }
figure { margin: 1rem 0; break-inside: avoid; }
figcaption { font-size: 13px; font-weight: 600; margin-bottom: 0.3rem; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; }
.figures figure { flex: 1 1 22rem; }
figure svg { display: block; height: auto; max-width: 100%; overflow: visible; }
figure svg text, figure svg tspan { white-space: pre; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  section.part { break-before: page; border-top: none; margin-top: 0; }
  table, pre, .verdict { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
