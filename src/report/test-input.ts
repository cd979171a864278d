import type { ReportInput, SvgNode } from './types';

/*
 * A report input shaped like the sample case's (for tests): every text field carries `text`, so
 * a payload put there reaches every section kind and every place a value is written.
 */

/** A Plot-like chart: axes, a few lines of `points` points each, a title. */
export function sampleSvg(text: string, lines = 4, points = 400): SvgNode {
  const path = (i: number): SvgNode => ({
    tag: 'path',
    attrs: [
      ['fill', 'none'],
      ['stroke', '#0072b2'],
      ['stroke-width', '1.5'],
      [
        'd',
        `M${Array.from({ length: points }, (_, p) => `${(p * 1.234).toFixed(1)},${((p * 7 + i) % 300).toFixed(1)}`).join('L')}`,
      ],
    ],
    children: [],
  });
  return {
    tag: 'svg',
    attrs: [
      ['class', 'plot-d6a7b5'],
      ['width', '480'],
      ['height', '320'],
      ['viewBox', '0 0 480 320'],
      ['style', 'color: #1f2328; font-family: system-ui, sans-serif; font-size: 10px'],
    ],
    children: [
      {
        tag: 'g',
        attrs: [['aria-label', 'x-axis label']],
        children: [{ tag: 'text', attrs: [['y', '12']], children: [text] }],
      },
      {
        tag: 'g',
        attrs: [['aria-label', 'line']],
        children: Array.from({ length: lines }, (_, i) => path(i)),
      },
    ],
  };
}

export function sampleInput(text = 'value'): ReportInput {
  const figure = { caption: `Chart of ${text}`, svg: sampleSvg(text) };
  return {
    title: `Churn ${text}`,
    summary: `We recommend ${text}.\n\nSecond paragraph\nwith a line break.`,
    stamp: {
      caseId: `case-${text}`,
      appVersion: '0.1.0',
      exportedAt: '2025-01-02T03:04:05.000Z',
      runIds: ['run-a', `run-${text}`],
      fingerprints: [
        { label: `Source ${text}`, value: 'a'.repeat(64) },
        { label: 'Training data', value: 'b'.repeat(64) },
      ],
    },
    sections: [
      { kind: 'markdown', heading: 'Notes', text: `# Why\n\nBecause ${text}\n\n- one\n- two` },
      {
        kind: 'brief',
        heading: 'Brief',
        objective: `Keep customers ${text}`,
        decision: `Call ${text}`,
        input: 'churn',
        target: `Churn ${text}`,
        task: 'binary',
        positive: text,
        metric: 'ROC AUC',
        bar: 0.8,
        baseline: `Rule: ${text}`,
        values: { tp: 300, fp: -50, tn: 0, fn: -500 },
        unitCost: null,
        targetNote: `7,043 rows; 26.5% ${text}`,
      },
      {
        kind: 'source',
        heading: `Source → ${text}`,
        table: text,
        note: `Exported from ${text}`,
        file: {
          name: `${text}.csv`,
          format: 'csv',
          sizeBytes: 977_501,
          sha256: 'c'.repeat(64),
          importedAt: '2025-01-01T00:00:00.000Z',
        },
        rows: 7043,
        columns: 21,
      },
      {
        kind: 'preparation',
        heading: 'Clean → churn',
        output: text,
        steps: [
          { text: `Cast ${text} to DOUBLE`, enabled: true, detail: `11 values failed ${text}` },
          { text: 'Drop duplicates', enabled: false, detail: null },
        ],
        sql: `SELECT * FROM "${text}" WHERE x = '${text}'`,
        rows: 7043,
      },
      {
        kind: 'profile',
        heading: `Profile of ${text}`,
        table: text,
        rows: 7043,
        columns: 21,
        sampleNote: null,
        issues: [{ severity: 'high', column: text, message: `${text} has blanks`, rows: 11 }],
      },
      { kind: 'chart', heading: `Chart ${text}`, figure, note: null },
      {
        kind: 'features',
        heading: 'Features → churn_features',
        input: 'churn',
        output: 'churn_features',
        split: 'stratified, 20% validation, seed 42',
        features: [
          { column: text, encoding: 'one-hot (top 10)' },
          { column: 'tenure', encoding: `numeric ${text}` },
        ],
        columnCount: 30,
        warnings: [{ column: text, severity: 'high', message: `${text} leaks` }],
      },
      {
        kind: 'models',
        heading: 'Train → predictions',
        batchId: `batch-${text}`,
        trainedAt: '2025-01-01T00:10:00.000Z',
        metric: 'ROC AUC',
        bar: 0.8,
        rows: { train: 5634, validation: 1409 },
        runs: [
          {
            id: 'run-a',
            label: 'Baseline (majority)',
            role: 'baseline',
            status: 'done',
            metric: 0.5,
            trainMetric: 0.5,
            durationMs: 3,
          },
          {
            id: `run-${text}`,
            label: `Logistic ${text}`,
            role: 'model',
            status: 'done',
            metric: 0.8368,
            trainMetric: 0.85,
            durationMs: 1200,
          },
        ],
        best: `run-${text}`,
        note: null,
      },
      {
        kind: 'evaluation',
        heading: 'Evaluate predictions',
        metric: 'ROC AUC',
        bar: 0.8,
        rows: 1409,
        runs: [
          {
            id: `run-${text}`,
            label: `Logistic ${text}`,
            role: 'model',
            metric: 0.8368,
            lower: 0.81,
            upper: 0.86,
            threshold: 0.31,
            valuePerThousand: 12_345,
          },
        ],
        verdict: {
          label: `Logistic ${text}`,
          clearsBar: true,
          threshold: 0.31,
          valuePerThousand: 12_345,
          sentences: [`It clears the bar ${text}.`],
        },
        figures: [
          { caption: 'ROC curve', svg: sampleSvg(text) },
          { caption: 'Value per 1,000 cases by threshold', svg: sampleSvg(text, 4, 1409) },
        ],
        notes: [`Recomputed from stored batch ${text}`],
      },
      {
        kind: 'backtest',
        heading: `Backtest of features ${text}`,
        metric: 'ROC AUC',
        bar: 0.65,
        timeColumn: `date ${text}`,
        runs: ['Baseline', `Logistic ${text}`],
        folds: [
          {
            label: '2001-02',
            train: '2001-01-01 → 2001-02-01',
            test: '2001-02-01 → 2001-03-01',
            rows: '5,111 / 4,658',
            leakage: 'none',
            cells: ['0.500 · 0', `0.595 · 539 ${text}`],
          },
        ],
        summaries: [
          { label: `Logistic ${text}`, metric: '0.637 ± 0.017', value: '396 ± 280', slope: '0.0104' },
        ],
        warnings: [`Logistic: the metric falls ${text}`],
        figures: [{ caption: 'ROC AUC by test period', svg: sampleSvg(text) }],
        notes: [`Stored as run group ${text}`],
      },
    ],
  };
}
