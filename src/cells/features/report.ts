import type { FeatureEncoding } from '../../notebook/feature-types';
import type { CellOf, SplitSpec } from '../../notebook/types';
import type { FeaturesSection } from '../../report';
import { grouped, percent } from '../shared/text';
import type { ReportContext } from '../unit';
import type { FeaturesOutput } from './result';

function encodingText(f: FeatureEncoding): string {
  switch (f.encoding) {
    case 'numeric':
      return [
        'numeric',
        f.impute ? `missing → ${f.impute}` : null,
        f.log ? 'log' : null,
        f.standardise ? 'standardised' : null,
        f.indicator ? 'missing flag' : null,
      ]
        .filter((p) => p !== null)
        .join(', ');
    case 'one-hot':
      return `one-hot, top ${f.topK}${f.other ? ' + other' : ''}${f.missing === 'mode' ? `, missing → train mode${f.fitted?.fill === undefined ? '' : ` ${f.fitted.fill}`}` : ''}`;
    case 'ordinal':
      return `ordinal: ${f.order.join(' < ')}`;
    case 'date-parts':
      return `date parts: ${f.parts.join(', ')}${f.cyclic === true ? ', with sin/cos' : ''}`;
    case 'bucket':
      return `${f.bins} ${f.method} bins`;
    case 'boolean':
      return 'boolean';
  }
}

function splitText(split: SplitSpec): string {
  switch (split.kind) {
    case 'random':
    case 'stratified':
      return `${split.kind}, ${percent(split.validationShare)} validation, seed ${split.seed}`;
    case 'group':
      return `by group ${split.column}, ${percent(split.validationShare)} validation, seed ${split.seed}`;
    case 'time':
      return `by time: ${split.column} before ${split.cutoff} trains`;
    case 'column':
      return `by the column ${split.column} (train / validation / test, or 0 = train, 1 = validation; test rows left out)`;
  }
}

/** The features and their encodings, the split, and what the run found (sizes, warnings). */
export function featuresSection(
  cell: CellOf<'features'>,
  { heading, output }: ReportContext<FeaturesOutput>,
): FeaturesSection | null {
  if (cell.config.features.length === 0) return null;
  return {
    kind: 'features',
    heading,
    input: cell.config.input,
    output: cell.config.output,
    split:
      splitText(cell.config.split) +
      (output
        ? ` (${grouped(output.split.train)} training rows, ${grouped(output.split.validation)} validation)`
        : ''),
    features: cell.config.features.map((f) => ({ column: f.column, encoding: encodingText(f) })),
    columnCount: output?.featureNames.length ?? null,
    warnings:
      output?.assist.warnings.map((w) => ({ column: w.column, severity: w.severity, message: w.message })) ??
      [],
  };
}
