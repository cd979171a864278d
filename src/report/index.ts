export { renderReport, REPORT_CSP } from './render';
export { escapeHtml } from './escape';
export type * from './types';
