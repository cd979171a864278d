import { assertNever } from '../../lib/errors';
import { classMixQuery } from './class-mix';
import { barQuery, lineQuery } from './bar';
import type { ChartColumn } from './columns';
import { boxQuery, histogramQuery } from './distribution';
import type { ChartContext, ChartQuery } from './query';
import { heatmapQuery, scatterQuery } from './scatter';
import { targetGridQuery } from './grid';
import { targetRateQuery } from './target';
import type { ChartSpec } from './types';

export type { ChartContext, ChartQuery } from './query';

/**
 * The SQL of a chart over `table`, whose columns (DESCRIBE) are `columns`. Pure: what it needs
 * to know of the data (row count, a target's positive class, a line's grain) comes in `context`;
 * `runChart` reads it. Throws AppError('bad-input') for a column the table lacks or of the
 * wrong type.
 */
export function chartQuery(
  spec: ChartSpec,
  table: string,
  columns: readonly ChartColumn[],
  context: ChartContext = { rowCount: 0 },
): ChartQuery {
  switch (spec.kind) {
    case 'histogram':
      return histogramQuery(spec, table, columns);
    case 'bar':
      return barQuery(spec, table, columns);
    case 'box':
      return boxQuery(spec, table, columns);
    case 'scatter':
      return scatterQuery(spec, table, columns, context.rowCount);
    case 'line':
      return lineQuery(spec, table, columns, context.grain ?? spec.grain);
    case 'heatmap':
      return heatmapQuery(spec, table, columns);
    case 'target-rate':
      if (context.classes !== undefined) return classMixQuery(spec, table, columns, context.classes);
      return targetRateQuery(spec, table, columns, context.positive ?? spec.positive ?? null);
    case 'target-grid':
      return targetGridQuery(spec, table, columns, context.positive ?? spec.positive ?? null, context);
    default:
      return assertNever(spec);
  }
}
