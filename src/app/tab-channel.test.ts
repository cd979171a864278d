import { describe, expect, it } from 'vitest';
import { parseTabMessage, TabChannel, type TabMessage } from './tab-channel';

/* Issue 18 item 5: what one tab tells the others; anything malformed on the channel is ignored. */
describe('parseTabMessage', () => {
  it('takes the two messages tabs send', () => {
    expect(parseTabMessage({ type: 'case-saved', caseId: 'c1', rev: 3 })).toEqual({
      type: 'case-saved',
      caseId: 'c1',
      rev: 3,
    });
    expect(parseTabMessage({ type: 'cases-changed', extra: 1 })).toEqual({ type: 'cases-changed' });
  });

  it.each([
    null,
    'case-saved',
    {},
    { type: 'other' },
    { type: 'case-saved', caseId: 1, rev: 3 },
    { type: 'case-saved', caseId: 'c1', rev: '3' },
    { type: 'case-saved', caseId: 'c1', rev: 1.5 },
    { type: 'case-saved', caseId: 'c1', rev: 0 },
  ])('ignores %j', (data) => {
    expect(parseTabMessage(data)).toBeNull();
  });
});

describe('TabChannel', () => {
  it('delivers a message posted in one tab to the other tabs, checked', async () => {
    const [a, b] = [new TabChannel(), new TabChannel()];
    const heard: TabMessage[] = [];
    const arrived = new Promise<void>((resolve) =>
      b.listen((m) => {
        heard.push(m);
        resolve();
      }),
    );
    // Node's BroadcastChannel is the browser's: a raw post of junk must not reach listeners.
    const raw = new BroadcastChannel('casebook');
    raw.postMessage({ type: 'case-saved', caseId: 'c1' });
    a.post({ type: 'case-saved', caseId: 'c1', rev: 2 });
    await arrived;
    expect(heard).toEqual([{ type: 'case-saved', caseId: 'c1', rev: 2 }]);
    for (const channel of [a, b, raw]) channel.close();
  });
});
