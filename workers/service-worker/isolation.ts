/**
 * Cross-origin isolation from a static host (issue 21 item 3, the `coi-serviceworker` pattern):
 * the service worker adds COOP and COEP to the same-origin responses it serves, so that a page it
 * controls is `crossOriginIsolated` and may use `SharedArrayBuffer` (wasm threads). No host
 * setting is needed; the first visit, before the worker controls the page, is simply not isolated.
 */

/**
 * `require-corp`, not `credentialless`: every resource of the app is same-origin (the CSP allows
 * no other origin), and same-origin responses pass `require-corp` without a
 * Cross-Origin-Resource-Policy header; `credentialless` only matters for cross-origin requests,
 * and Safari does not support it.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/**
 * The response with COOP/COEP added, as a new Response over the same body (a fetched response's
 * headers are immutable). Only the worker's own responses change: `basic` (same-origin, from the
 * network or the precache) and `default` (built by a worker). Opaque, CORS (cross-origin),
 * error and opaque-redirect responses are returned as they are: their headers are not ours to set,
 * and an opaque body cannot be re-wrapped.
 */
export function withIsolationHeaders(response: Response): Response {
  if (response.type !== 'basic' && response.type !== 'default') return response;
  // Status 0 (an error response) cannot be given to the Response constructor.
  if (response.status < 200 || response.status > 599) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
