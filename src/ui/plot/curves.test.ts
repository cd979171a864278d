import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderLossCurves } from './curves';

const { document } = new JSDOM('').window;
const XSS = '<img src=x onerror=alert(1)>';

describe('renderLossCurves', () => {
  it('overlays one line per run (validation dashed), with run names in the legend as text', () => {
    const el = renderLossCurves(
      [
        {
          name: 'Logistic',
          points: [
            { step: 1, loss: 0.7, validationLoss: null },
            { step: 2, loss: 0.5, validationLoss: null },
          ],
        },
        {
          name: XSS,
          points: [
            { step: 1, loss: 0.69, validationLoss: 0.7 },
            { step: 2, loss: 0.4, validationLoss: 0.45 },
          ],
        },
      ],
      { theme: 'light', width: 480, stepLabel: 'epoch', document },
    );
    const lines = [...el.querySelectorAll('g[aria-label="line"]')];
    expect(lines).toHaveLength(2);
    expect(lines[0]?.querySelectorAll('path')).toHaveLength(2);
    expect(lines[1]?.querySelectorAll('path')).toHaveLength(1);
    expect(lines[1]?.getAttribute('stroke-dasharray')).toBe('4,3');
    expect(el.textContent).toContain('Logistic');
    expect(el.textContent).toContain(XSS);
    expect(el.querySelector('img')).toBeNull();
  });
});
