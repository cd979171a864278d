/**
 * What the app says about keeping this browser's data: where storage is not persistent, the
 * browser may clear it, and the workspace file is the only backup. Pure: the component and the
 * stored clock (`export-clock.svelte.ts`) pass in the times.
 */

export type Persistence = 'granted' | 'denied' | 'unsupported';

/**
 * Days without a workspace export after which a browser that may clear the data reminds the user.
 * 7 because that is the eviction clock browsers already run: Safari deletes all script-written
 * storage of a site after 7 days of use without a visit to it (WebKit's "Full Third-Party Cookie
 * Blocking and More", 2020), so a week is the most work a non-persistent browser can be trusted
 * with; sooner would nag through a normal working week.
 */
export const EXPORT_REMINDER_DAYS = 7;

const DAY_MS = 86_400_000;

export interface ExportClockTimes {
  /** The last "Export workspace" in this browser (ISO), or null when there has been none. */
  readonly lastExportAt: string | null;
  /** When this browser first held Casebook's data (ISO): the clock starts there before any export. */
  readonly firstVisitAt: string;
}

export interface StorageNotice {
  /** The browser refused `persist()` (not only lacks the API): say so, and what to do. */
  readonly refused: boolean;
  /** Whole days since the last export (or the first visit, when there was none) once they reach the limit; else null. */
  readonly overdueDays: number | null;
  /** True when the workspace was never exported: the reminder words it so. */
  readonly neverExported: boolean;
}

/**
 * The notice to show, or null: nothing at all where storage is persistent (the browser keeps the
 * data until the user clears it), nor while its answer is not in yet; where it was refused, the
 * warning always, with the reminder once `EXPORT_REMINDER_DAYS` have passed without an export; where
 * the browser lacks the Storage API, the reminder only (it may clear data too, but asked nothing).
 */
export function storageNotice(
  persistence: Persistence | null,
  times: ExportClockTimes | null,
  now: Date,
): StorageNotice | null {
  if (persistence === null || persistence === 'granted') return null;
  const overdueDays = times === null ? null : overdue(times, now);
  const refused = persistence === 'denied';
  if (!refused && overdueDays === null) return null;
  return { refused, overdueDays, neverExported: times?.lastExportAt == null };
}

function overdue({ lastExportAt, firstVisitAt }: ExportClockTimes, now: Date): number | null {
  const since = Date.parse(lastExportAt ?? firstVisitAt);
  // An unreadable time (a hand-edited store) counts as long ago: a reminder too many is harmless.
  if (Number.isNaN(since)) return EXPORT_REMINDER_DAYS;
  const days = Math.floor((now.getTime() - since) / DAY_MS);
  return days >= EXPORT_REMINDER_DAYS ? days : null;
}

/** The notice's words (the component adds the "Export workspace" button). */
export function storageNoticeText(notice: StorageNotice): string {
  const parts: string[] = [];
  if (notice.refused) {
    parts.push(
      "This browser did not grant persistent storage: it may clear Casebook's data when disk space runs low. Export the workspace to keep a copy: the file is your backup.",
    );
  }
  if (notice.overdueDays !== null) {
    parts.push(
      notice.neverExported
        ? `The workspace has not been exported in the ${notice.overdueDays} days since Casebook first ran here.`
        : `The workspace was last exported ${notice.overdueDays} days ago.`,
    );
    if (!notice.refused) parts.push('This browser may clear its data: export the workspace to keep a copy.');
  }
  return parts.join(' ');
}

/** Reads a stored time: an ISO string that parses, else null (the store is a boundary). */
export function parseStoredTime(value: unknown): string | null {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
}
