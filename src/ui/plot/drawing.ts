/*
 * Every function that draws with Observable Plot, in one module: the views reach it through
 * `lazy.ts`, so that Plot (and d3) is one chunk fetched when the first chart shows, not part of
 * the app's boot (issue 21).
 */
export { renderLossCurve, renderLossCurves } from './curves';
export { renderCalibration, renderGains, renderLift, renderPrCurves, renderRocCurves } from './evaluation';
export { renderResidualHistogram, renderResiduals, renderValueCurve } from './evaluation-value';
export { renderChart } from './render';
