import { describe, expect, it } from 'vitest';
import { randomClassification } from './testing';
import {
  weightedBootstrapCi,
  weightedBootstrapCiSliced,
  weightedPairedBootstrap,
  weightedPairedBootstrapSliced,
  weightedPrAuc,
  weightedRocAuc,
  weightedThresholdMetric,
  type Slicer,
} from './weighted';

// Reference: the plain functions (checked against bootstrapCi / pairedBootstrap in
// weighted.test.ts). In slices the draws are the same, so the results must be equal, not close.
const { y, score } = randomClassification(200, 3);
const other = randomClassification(200, 4).score;
const OPTIONS = { iterations: 120, seed: 7, level: 0.9 };

/** Pauses every `every` resamples and counts the pauses. */
function counting(every: number): Slicer & { pauses: number } {
  let since = 0;
  const slicer = {
    pauses: 0,
    due: () => ++since >= every,
    pause: () => {
      since = 0;
      slicer.pauses += 1;
      return Promise.resolve();
    },
  };
  return slicer;
}

const metrics = () => [
  weightedRocAuc(y, score),
  weightedPrAuc(y, score),
  weightedThresholdMetric(y, score, 0.5, 'f1'),
];

describe('the bootstrap in slices gives the plain functions’ results', () => {
  it.each([1, 7, 1000])('weightedBootstrapCiSliced, pausing every %i resamples', async (every) => {
    const slicer = counting(every);
    const sliced = await weightedBootstrapCiSliced(metrics(), y.length, OPTIONS, slicer);
    expect(sliced).toEqual(weightedBootstrapCi(metrics(), y.length, OPTIONS));
    expect(slicer.pauses).toBe(Math.floor(OPTIONS.iterations / every));
  });

  it('weightedPairedBootstrapSliced', async () => {
    const [a, b] = [weightedRocAuc(y, score), weightedRocAuc(y, other)];
    const slicer = counting(10);
    const sliced = await weightedPairedBootstrapSliced(a, b, y.length, OPTIONS, slicer);
    expect(sliced).toEqual(weightedPairedBootstrap(a, b, y.length, OPTIONS));
    expect(slicer.pauses).toBe(12);
  });

  it('stops where a pause rejects (a cancel), and refuses bad options before drawing', async () => {
    let calls = 0;
    const cancelling: Slicer = {
      due: () => true,
      pause: () => Promise.reject(new Error(`cancelled after ${++calls}`)),
    };
    await expect(weightedBootstrapCiSliced(metrics(), y.length, OPTIONS, cancelling)).rejects.toThrow(
      'cancelled after 1',
    );
    await expect(
      weightedPairedBootstrapSliced(
        metrics()[0]!,
        metrics()[1]!,
        y.length,
        { seed: 1, iterations: 0 },
        cancelling,
      ),
    ).rejects.toThrow('iterations');
    await expect(weightedBootstrapCiSliced(metrics(), 0, OPTIONS, cancelling)).rejects.toThrow('no rows');
  });
});
