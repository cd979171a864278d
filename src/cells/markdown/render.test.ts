// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { isLocalAddress, renderMarkdown } from './render';

describe('renderMarkdown', () => {
  it('keeps a remote image from loading and shows its address as text', () => {
    const html = renderMarkdown('![logo](https://tracker.example/pixel.png?case=1)');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const img = doc.querySelector('img');
    expect(img?.hasAttribute('src')).toBe(false);
    expect(img?.getAttribute('alt')).toContain('https://tracker.example/pixel.png?case=1');
    expect(img?.hasAttribute('data-remote-blocked')).toBe(true);
  });

  it('drops remote addresses from raw HTML media, srcset and inline styles', () => {
    const html = renderMarkdown(
      [
        '<img src="https://a.example/x.png" srcset="https://a.example/2x.png 2x">',
        '<video poster="//b.example/p.png" src="http://b.example/v.mp4"></video>',
        '<p style="background:url(https://c.example/bg.png)">styled</p>',
        '<img src=x onerror="alert(1)">',
      ].join('\n'),
    );
    expect(html).not.toMatch(/a\.example\/x\.png"|b\.example\/v\.mp4"|url\(/);
    expect(html).not.toContain('srcset');
    expect(html).not.toContain('poster');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('style=');
  });

  it('keeps data: images and relative addresses, which stay on this machine', () => {
    const pixel = 'data:image/png;base64,iVBORw0KGgo=';
    expect(renderMarkdown(`![dot](${pixel})`)).toContain(`src="${pixel}"`);
    expect(renderMarkdown('![local](favicon.svg)')).toContain('src="favicon.svg"');
  });
});

describe('isLocalAddress', () => {
  const origin = 'http://127.0.0.1:4173';
  it.each([
    ['https://evil.example/a.png', false],
    ['//evil.example/a.png', false],
    ['HTTP://evil.example', false],
    ['\\\\evil.example\\a.png', false],
    ['http://127.0.0.1:4173/favicon.svg', true],
    ['data:image/png;base64,AAAA', true],
    ['blob:http://127.0.0.1:4173/abc', true],
    ['favicon.svg', true],
    ['/sample/x.png', true],
  ])('%s → %s', (value, local) => {
    expect(isLocalAddress(value, origin)).toBe(local);
  });
  it('treats every absolute address as remote when there is no origin', () => {
    expect(isLocalAddress('https://a.example', null)).toBe(false);
  });
});
