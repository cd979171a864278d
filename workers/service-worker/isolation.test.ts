import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolationHeaders } from './isolation';

/** A fetched response of the given type: Node's Response has no setter for `type`. */
function ofType(response: Response, type: ResponseType): Response {
  Object.defineProperty(response, 'type', { value: type });
  return response;
}

describe('withIsolationHeaders', () => {
  it('adds COOP same-origin and COEP require-corp to a same-origin response, keeping status, headers and body', async () => {
    const original = ofType(
      new Response('<!doctype html>', {
        status: 200,
        statusText: 'OK',
        headers: { 'Content-Type': 'text/html', ETag: '"abc"' },
      }),
      'basic',
    );
    const out = withIsolationHeaders(original);
    expect(out.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(out.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(out.headers.get('Content-Type')).toBe('text/html');
    expect(out.headers.get('ETag')).toBe('"abc"');
    expect(out.status).toBe(200);
    expect(out.statusText).toBe('OK');
    expect(await out.text()).toBe('<!doctype html>');
  });

  it('adds them to a response a worker built (type default), e.g. the precache’s copy, and to a 206', () => {
    const built = withIsolationHeaders(new Response(new Uint8Array([1, 2, 3]), { status: 206 }));
    expect(built.status).toBe(206);
    expect(Object.fromEntries(Object.keys(ISOLATION_HEADERS).map((h) => [h, built.headers.get(h)]))).toEqual(
      ISOLATION_HEADERS,
    );
  });

  it('overrides weaker values the server sent', () => {
    const out = withIsolationHeaders(
      ofType(new Response('x', { headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }), 'basic'),
    );
    expect(out.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  it.each(['opaque', 'cors', 'opaqueredirect', 'error'] as const)(
    'returns a %s (cross-origin or opaque) response untouched, the same object',
    (type) => {
      const response = ofType(new Response('theirs'), type);
      const out = withIsolationHeaders(response);
      expect(out).toBe(response);
      expect(out.headers.has('Cross-Origin-Embedder-Policy')).toBe(false);
    },
  );

  it('returns a status-0 response untouched (the Response constructor refuses status 0)', () => {
    const response = ofType(new Response(null), 'basic');
    Object.defineProperty(response, 'status', { value: 0 });
    expect(withIsolationHeaders(response)).toBe(response);
  });
});
