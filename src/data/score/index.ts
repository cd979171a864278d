export { bundleFromRun } from './bundle';
export { scoringPlan } from './plan';
export { exampleTableSql, profileInput } from './profile';
export { engineRows, type Row, type RowReader } from './rows';
export { describeColumns, inputStats, inputStatsSql, rangeCountsSql, unseenValuesSql } from './stats';
