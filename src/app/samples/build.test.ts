import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../notebook/graph';
import { restoreCase } from '../../notebook/restore';
import { buildSample, SAMPLES } from './index';

const file = (path: string): Promise<Blob> => Promise.resolve(new Blob([`bytes of ${path}`]));

describe('sample cases', () => {
  it.each(SAMPLES.map((s) => [s.id, s] as const))(
    '%s builds a valid case whose cells form a graph',
    async (_, sample) => {
      const stored: string[] = [];
      const doc = await buildSample(
        sample,
        file,
        async ({ sha256 }) => void stored.push(sha256),
        '2026-01-01T00:00:00.000Z',
      );
      expect(doc.title).toBe(sample.title);
      expect(doc.cells).toHaveLength(sample.steps.length);
      // Every file is stored before the case refers to it, under its hash.
      const sources = doc.cells.flatMap((c) =>
        c.kind === 'source' && c.config.file ? [c.config.file.sha256] : [],
      );
      expect(sources).toEqual(stored);
      // What restore accepts from storage, it accepts from a sample: the configs are valid documents.
      expect(restoreCase(JSON.parse(JSON.stringify(doc))).case.cells.map((c) => c.kind)).toEqual(
        doc.cells.map((c) => c.kind),
      );
      expect(buildGraph(doc.cells).problems.size).toBe(0);
    },
  );

  it('ids are unique and stable', () => {
    expect(new Set(SAMPLES.map((s) => s.id)).size).toBe(SAMPLES.length);
  });
});
