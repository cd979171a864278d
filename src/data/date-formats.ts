/*
 * The date formats the app recognises (DuckDB strptime specifiers): the profile detects them,
 * the clean recipes cast with them. Here, below both, so that neither imports the other for it.
 */

/** Tried in order; a tie keeps the earlier one and names the others (dd/mm before mm/dd). */
export const DATE_FORMATS = [
  // ISO first: when several formats parse the same values, the first one listed is chosen.
  '%Y-%m-%d',
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%d %H:%M',
  '%Y-%m-%dT%H:%M',
  '%Y-%m-%d %H:%M:%S.%f',
  '%Y-%m-%dT%H:%M:%S.%f',
  // ISO with a zone: an offset (+02:00) or a literal Z (UTC); strptime's %z does not read Z.
  '%Y-%m-%dT%H:%M:%S%z',
  '%Y-%m-%d %H:%M:%S%z',
  '%Y-%m-%dT%H:%M:%S.%f%z',
  '%Y-%m-%dT%H:%M:%SZ',
  '%Y-%m-%dT%H:%M:%S.%fZ',
  '%Y/%m/%d',
  '%Y/%m/%d %H:%M',
  '%Y/%m/%d %H:%M:%S',
  '%Y.%m.%d',
  '%d/%m/%Y',
  '%m/%d/%Y',
  '%d/%m/%Y %H:%M',
  '%m/%d/%Y %H:%M',
  '%d/%m/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M:%S',
  // 12-hour clocks (3:07 PM, 03:07:09 pm).
  '%m/%d/%Y %I:%M %p',
  '%m/%d/%Y %I:%M:%S %p',
  '%d/%m/%Y %I:%M %p',
  '%d/%m/%Y %I:%M:%S %p',
  '%Y-%m-%d %I:%M %p',
  '%Y-%m-%d %I:%M:%S %p',
  '%d.%m.%Y',
  '%d.%m.%Y %H:%M',
  '%d.%m.%Y %H:%M:%S',
  '%d-%m-%Y',
  '%m-%d-%Y',
  '%d-%b-%Y',
  '%d %b %Y',
  '%d %B %Y',
  '%b %d, %Y',
  '%B %d, %Y',
  '%d %b %Y %H:%M',
];
