export type * from './types';
export { parseChartSpec } from '../../notebook/chart-parse';
export { chartQuery, type ChartContext, type ChartQuery } from './sql';
export { runChart, type RunChartOptions } from './run';
export { columnClass, detectPositive, aggregateLabel, type ChartColumn } from './columns';
export { chooseGrain } from './time';
