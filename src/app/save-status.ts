import type { AppError } from '../lib/errors';

/**
 * What the toolbar's save status and the save banner show. A failed save stays `error` (with its
 * reason) through later edits and failed retries, until a save succeeds: an edit made while the
 * disk is full must never read "Saving…" and then quietly vanish, nor the error go with a toast.
 */
export type SaveStatus =
  | { readonly state: 'saved' }
  | { readonly state: 'pending' }
  | { readonly state: 'error'; readonly error: AppError };

export const SAVED: SaveStatus = { state: 'saved' };

/** An edit was made and its save scheduled. */
export function afterEdit(status: SaveStatus): SaveStatus {
  return status.state === 'error' ? status : { state: 'pending' };
}

/** A save (or its retry) failed: the newest reason is shown. */
export function afterFailure(error: AppError): SaveStatus {
  return { state: 'error', error };
}

/** A save succeeded; `pending`: a newer edit still waits for its own save. */
export function afterSaved(pending: boolean): SaveStatus {
  return pending ? { state: 'pending' } : SAVED;
}

/** The toolbar's words: nothing is called "Saved" unless it was written. */
export function saveStatusText(status: SaveStatus): string {
  return status.state === 'saved' ? 'Saved' : status.state === 'pending' ? 'Saving…' : 'Not saved';
}

/**
 * The banner's words for a failed save: a full disk says what to do first (its message starts
 * "Storage full: free space or export the workspace"); any other failure gives its plain reason.
 */
export function saveBannerText(error: AppError, maxRetryMs: number): string {
  const seconds = Math.round(maxRetryMs / 1000);
  return `${error.message} Your edits are kept in this tab, and Casebook tries to save them again at least every ${seconds} s.`;
}
