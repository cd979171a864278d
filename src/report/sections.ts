import { bytes, count, escapeHtml as e, num } from './escape';
import { markdownHtml } from './markdown';
import { serializeSvg, type SvgIds } from './svg';
import type {
  BacktestSection,
  BriefSection,
  ChartSection,
  EvaluationSection,
  ExplanationSection,
  FeaturesSection,
  ModelsSection,
  PreparationSection,
  ProfileSection,
  ReportFigure,
  SourceSection,
} from './types';

/* One renderer per section kind: each returns the section's body, every value escaped. */

export type Fact = readonly [label: string, html: string];

/** A definition list; values are HTML already escaped by the caller. */
export function facts(rows: readonly Fact[]): string {
  const items = rows.map(([label, html]) => `<dt>${e(label)}</dt><dd>${html}</dd>`).join('');
  return `<dl class="facts">${items}</dl>`;
}

/** A table; cells are HTML already escaped by the caller; `numeric` columns align right. */
export function table(
  caption: string,
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: ReadonlySet<number> = new Set(),
): string {
  const cls = (i: number): string => (numeric.has(i) ? ' class="num"' : '');
  const th = head.map((h, i) => `<th scope="col"${cls(i)}>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('');
  return `<table aria-label="${e(caption)}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

const code = (sql: string): string => (sql.trim() === '' ? '' : `<pre><code>${e(sql)}</code></pre>`);
const money = (value: number | null): string => num(value, 0);

export function figureHtml(figure: ReportFigure, ids: SvgIds): string {
  return `<figure><figcaption>${e(figure.caption)}</figcaption>${serializeSvg(figure.svg, ids)}</figure>`;
}

export function briefHtml(s: BriefSection): string {
  const rows: Fact[] = [
    ['Objective', e(s.objective)],
    ['Decision the model feeds', e(s.decision)],
    [
      'Data',
      `${e(s.input)}, target <code>${e(s.target)}</code>${s.task === 'binary' && s.positive !== '' ? ` (positive: ${e(s.positive)})` : ''}`,
    ],
    [
      'Task',
      s.task === 'binary'
        ? 'Classification (yes / no)'
        : s.task === 'multiclass'
          ? 'Classification (one of several classes)'
          : 'Regression',
    ],
    ['Primary metric', e(s.metric)],
    [
      'Good enough',
      s.bar === null
        ? 'not set'
        : `<strong data-value="bar">${e(num(s.bar, 3).replace(/0+$/, '').replace(/\.$/, ''))}</strong>`,
    ],
    ['Baseline to beat', e(s.baseline)],
  ];
  if (s.targetNote !== null) rows.push(['Target', e(s.targetNote)]);
  let values = '';
  if (s.values) {
    const v = s.values;
    values = table(
      'Value of each outcome',
      ['Outcome', 'Value per case'],
      [
        ['True positive (act, and it was needed)', money(v.tp)],
        ['False positive (act, not needed)', money(v.fp)],
        ['True negative (no action, none needed)', money(v.tn)],
        ['False negative (missed)', money(v.fn)],
      ].map(([a, b]) => [e(a ?? ''), e(b ?? '')]),
      new Set([1]),
    );
  } else if (s.costs) {
    const { classes, matrix } = s.costs;
    values = table(
      'Cost matrix',
      ['True \\ predicted', ...classes],
      classes.map((t, i) => [e(t), ...classes.map((_, j) => e(money(matrix[i]?.[j] ?? null)))]),
      new Set(classes.map((_, j) => j + 1)),
    );
  } else if (s.unitCost) {
    values = facts([
      ['Cost of one unit over', e(money(s.unitCost.over))],
      ['Cost of one unit under', e(money(s.unitCost.under))],
    ]);
  }
  return facts(rows) + values;
}

export function sourceHtml(s: SourceSection): string {
  const rows: Fact[] = [['Table', `<code>${e(s.table)}</code>`]];
  if (s.file) {
    rows.push(
      ['File', `${e(s.file.name)} (${e(s.file.format)}, ${e(bytes(s.file.sizeBytes))})`],
      ['SHA-256', `<span class="hash">${e(s.file.sha256)}</span>`],
      ['Imported', e(s.file.importedAt)],
    );
  } else {
    rows.push(['File', 'none imported']);
  }
  if (s.rows !== null) rows.push(['Rows × columns', `${e(count(s.rows))} × ${e(count(s.columns ?? 0))}`]);
  rows.push(['Origin', s.note.trim() === '' ? '<span class="muted">no note</span>' : e(s.note)]);
  return facts(rows);
}

export function preparationHtml(s: PreparationSection): string {
  const steps =
    s.steps.length === 0
      ? ''
      : `<ol>${s.steps.map((step) => `<li${step.enabled ? '' : ' class="muted"'}>${e(step.text)}${step.enabled ? '' : ' (disabled)'}${step.detail ? ` <span class="muted">— ${e(step.detail)}</span>` : ''}</li>`).join('')}</ol>`;
  const rows =
    s.rows === null
      ? ''
      : `<p class="muted">Makes <code>${e(s.output)}</code>: ${e(count(s.rows))} rows.</p>`;
  return `${steps}${rows}${code(s.sql)}`;
}

export function profileHtml(s: ProfileSection): string {
  const head = `<p>${e(count(s.rows))} rows × ${e(count(s.columns))} columns of <code>${e(s.table)}</code>${s.sampleNote ? ` (${e(s.sampleNote)})` : ''}.</p>`;
  if (s.issues.length === 0) return `${head}<p>No problems found.</p>`;
  const rows = s.issues.map((i) => [
    `<span class="sev-${i.severity}">${e(i.severity)}</span>`,
    i.column === null ? '<span class="muted">table</span>' : `<code>${e(i.column)}</code>`,
    e(i.message),
    e(count(i.rows)),
  ]);
  return head + table('Problems found', ['Severity', 'Column', 'Problem', 'Rows'], rows, new Set([3]));
}

export function chartHtml(s: ChartSection, ids: SvgIds): string {
  return (s.figure ? figureHtml(s.figure, ids) : '') + (s.note ? `<p class="muted">${e(s.note)}</p>` : '');
}

export function featuresHtml(s: FeaturesSection): string {
  const head = facts([
    ['From', `<code>${e(s.input)}</code> → <code>${e(s.output)}</code>`],
    ['Split', e(s.split)],
    [
      'Model inputs',
      s.columnCount === null
        ? 'not run'
        : `${e(count(s.columnCount))} columns from ${e(count(s.features.length))} features`,
    ],
  ]);
  const list = table(
    'Features',
    ['Column', 'Encoding'],
    s.features.map((f) => [`<code>${e(f.column)}</code>`, e(f.encoding)]),
  );
  const warnings =
    s.warnings.length === 0
      ? '<p>No leakage warnings.</p>'
      : table(
          'Leakage warnings',
          ['Severity', 'Column', 'Warning'],
          s.warnings.map((w) => [
            `<span class="sev-${w.severity}">${e(w.severity)}</span>`,
            `<code>${e(w.column)}</code>`,
            e(w.message),
          ]),
        );
  return head + list + warnings;
}

export function modelsHtml(s: ModelsSection): string {
  const head = facts([
    ['Trained', `${e(s.trainedAt)} (batch <span class="hash">${e(s.batchId)}</span>)`],
    ['Rows', `${e(count(s.rows.train))} training, ${e(count(s.rows.validation))} validation`],
    ['Bar', s.bar === null ? 'not set' : e(num(s.bar))],
  ]);
  const rows = s.runs.map((r) => [
    `<span${r.id === s.best ? ' class="best"' : ''}>${e(r.label)}${r.id === s.best ? ' (best)' : ''}</span>`,
    e(r.role),
    e(r.status),
    e(num(r.metric)),
    e(num(r.trainMetric)),
    e(num(r.durationMs / 1000, 1)),
    `<span class="hash">${e(r.id)}</span>`,
  ]);
  const runs = table(
    'Model comparison',
    ['Run', 'Role', 'Status', `${s.metric} (validation)`, `${s.metric} (training)`, 'Seconds', 'Run id'],
    rows,
    new Set([3, 4, 5]),
  );
  return head + runs + (s.note ? `<p class="muted">${e(s.note)}</p>` : '');
}

export function evaluationHtml(s: EvaluationSection, ids: SvgIds): string {
  const v = s.verdict;
  const verdict = v
    ? `<div class="verdict ${v.clearsBar === true ? 'pass' : v.clearsBar === false ? 'fail' : ''}" role="note" aria-label="Verdict"><p><strong>${e(v.label)}</strong>: ${
        v.clearsBar === null
          ? 'no bar to judge against'
          : v.clearsBar
            ? 'clears the bar'
            : 'does not clear the bar'
      }; threshold ${e(v.threshold === null ? 'none (act on no one)' : num(v.threshold, 2))}; value ${e(money(v.valuePerThousand))} per 1,000 cases.</p>${v.sentences.map((t) => `<p>${e(t)}</p>`).join('')}</div>`
    : '<p>No model to judge.</p>';
  const rows = s.runs.map((r) => [
    e(r.label),
    e(r.role),
    e(num(r.metric)),
    e(r.lower === null || r.upper === null ? '–' : `${num(r.lower)}–${num(r.upper)}`),
    e(r.threshold === null ? '–' : num(r.threshold, 2)),
    e(money(r.valuePerThousand)),
  ]);
  const runs = table(
    'Evaluation',
    ['Run', 'Role', s.metric, '95% interval', 'Threshold', 'Value per 1,000'],
    rows,
    new Set([2, 3, 4, 5]),
  );
  const figures =
    s.figures.length === 0
      ? ''
      : `<div class="figures">${s.figures.map((f) => figureHtml(f, ids)).join('')}</div>`;
  const notes = s.notes.map((n) => `<p class="muted">${e(n)}</p>`).join('');
  return `<p>${e(count(s.rows))} validation rows; bar ${e(s.bar === null ? 'not set' : num(s.bar))}.</p>${verdict}${runs}${classesHtml(s.classes)}${figures}${notes}${recordHtml(s.record)}`;
}

/** Which stored evaluation the section is: the lineage's record of it, by id and time. */
function recordHtml(record: EvaluationSection['record']): string {
  if (record === undefined) return '';
  return record === null
    ? '<p class="muted evaluation-record">Not a stored evaluation: the Evaluate cell has not judged this run this way yet.</p>'
    : `<p class="muted evaluation-record">Evaluation record <span class="hash">${e(record.id)}</span>, judged ${e(record.evaluatedAt)}.</p>`;
}

/** Multiclass: the chosen run's per-class report and its confusion matrix. */
function classesHtml(c: EvaluationSection['classes']): string {
  if (!c) return '';
  const by = c.decision === undefined ? '' : `, deciding by ${c.decision}`;
  const perClass = table(
    `Per-class metrics${by}`,
    ['Class', 'Precision', 'Recall', 'F1', 'Support'],
    c.perClass.map((r) => [
      e(r.class),
      e(num(r.precision)),
      e(num(r.recall)),
      e(num(r.f1)),
      e(count(r.support)),
    ]),
    new Set([1, 2, 3, 4]),
  );
  const names = c.perClass.map((r) => r.class);
  const confusion = table(
    `Confusion matrix${by}`,
    ['True \\ predicted', ...names],
    names.map((t, i) => [e(t), ...names.map((_, j) => e(count(c.confusion[i]?.[j] ?? 0)))]),
    new Set(names.map((_, j) => j + 1)),
  );
  return perClass + confusion;
}

export function backtestHtml(s: BacktestSection, ids: SvgIds): string {
  const folds = table(
    'Backtest folds',
    ['Test', 'Training', 'Test dates', 'Rows (train / test)', 'Leakage', ...s.runs],
    s.folds.map((f) => [f.label, f.train, f.test, f.rows, f.leakage, ...f.cells].map(e)),
    new Set(s.runs.map((_, i) => i + 5)),
  );
  const summary = table(
    'Over the folds',
    ['Run', `${s.metric} (mean ± sd)`, 'Value per 1,000 (mean ± sd)', 'Slope per fold'],
    s.summaries.map((r) => [r.label, r.metric, r.value, r.slope].map(e)),
    new Set([1, 2, 3]),
  );
  const warnings = s.warnings
    .map((w) => `<div class="verdict fail" role="note"><p>${e(w)}</p></div>`)
    .join('');
  const figures =
    s.figures.length === 0
      ? ''
      : `<div class="figures">${s.figures.map((f) => figureHtml(f, ids)).join('')}</div>`;
  const notes = s.notes.map((n) => `<p class="muted">${e(n)}</p>`).join('');
  return `<p>Time column ${e(s.timeColumn)}; bar ${e(s.bar === null ? 'not set' : num(s.bar))}. Each fold's features were fitted on its own training rows.</p>${warnings}${folds}${summary}${figures}${notes}`;
}

export function explanationHtml(s: ExplanationSection, ids: SvgIds): string {
  const lines = s.lines.map((l) => `<p>${e(l)}</p>`).join('');
  const tables = s.tables
    .map((t) =>
      table(
        t.caption,
        t.head,
        t.rows.map((r) => r.map((c) => e(c))),
        new Set(t.numeric),
      ),
    )
    .join('');
  const figures =
    s.figures.length === 0
      ? ''
      : `<div class="figures">${s.figures.map((f) => figureHtml(f, ids)).join('')}</div>`;
  return `<p>Run explained: ${e(s.run)}.</p>${lines}${figures}${tables}`;
}

export { markdownHtml };
