/*
 * The date formats the app recognises (DuckDB strptime specifiers): the profile detects them,
 * the clean recipes cast with them. Here, below both, so that neither imports the other for it.
 */

/** Tried in order; a tie keeps the earlier one and names the others (dd/mm before mm/dd). */
export const DATE_FORMATS = [
  '%Y-%m-%d',
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%d %H:%M',
  '%d/%m/%Y',
  '%m/%d/%Y',
  '%d/%m/%Y %H:%M',
  '%m/%d/%Y %H:%M',
  '%d.%m.%Y',
  '%Y/%m/%d',
  '%d-%m-%Y',
  '%m-%d-%Y',
  '%d-%b-%Y',
  '%d %b %Y',
  '%d %B %Y',
];
