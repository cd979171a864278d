import { describe, expect, it } from 'vitest';
import { asCaseId } from '../../notebook/ids';
import type { ModelStage, VersionState } from '../../notebook/registry';
import { candidatesAfter, choiceChange, stageOf } from './choice';
import type { VersionComparison } from './compare';

/* Promote v2 or keep v1 from the monitor, pure: the stage change and the reason the registry keeps. */

const result: VersionComparison = {
  kind: 'binary',
  rows: 1234,
  challenger: 0.71,
  incumbent: 0.66,
  difference: 0.05,
  lower: 0.021,
  upper: 0.079,
  level: 0.95,
  iterations: 500,
  valuePer1000: null,
  disagreements: [],
  finding: 'The challenger is better: the 95 % interval of the difference excludes 0.',
};
const comparison = { challenger: { version: 2 }, batch: '2001-06', result } as const;
const output = { model: { version: 1 } } as const;

describe('choiceChange', () => {
  it('promotes the challenger to champion, with the reason and the comparison that informed it', () => {
    expect(choiceChange(output, comparison, 'promote', ' Better on June. ')).toEqual({
      version: 2,
      stage: 'champion',
      why: 'Better on June. Compared on batch 2001-06, 1,234 rows neither trained on: v2 − v1 +0.050 (paired bootstrap interval 0.021 to 0.079). The challenger is better: the 95 % interval of the difference excludes 0.',
    });
  });

  it('keeps v1 by retiring the challenger, saying so', () => {
    const change = choiceChange(output, comparison, 'keep', 'Too few rows.');
    expect(change).toMatchObject({ version: 2, stage: 'retired' });
    expect(change.why).toMatch(/^Kept v1 as champion over v2\. Too few rows\. Compared on batch 2001-06/);
  });
});

describe('candidatesAfter and stageOf', () => {
  const state = (version: number, stage: ModelStage): VersionState => ({
    version: {
      id: `v${version}`,
      caseId: asCaseId('c'),
      version,
      createdAt: '',
      source: 'promoted',
      runId: null,
      name: '',
      kind: 'logistic',
      task: 'binary',
      bundleSha256: '0'.repeat(64),
      importedFrom: null,
    },
    stage,
    since: {
      id: 'e',
      caseId: asCaseId('c'),
      versionId: `v${version}`,
      seq: version,
      stage,
      at: '',
      by: '',
      why: '',
      evaluation: null,
    },
  });

  it('offers the candidates newer than the watched version only', () => {
    const versions = [
      state(1, 'champion'),
      state(2, 'candidate'),
      state(3, 'retired'),
      state(4, 'candidate'),
    ];
    expect(candidatesAfter(versions, 1)).toEqual([2, 4]);
    expect(candidatesAfter(versions, 2)).toEqual([4]);
  });

  it('says the stage a version has now, so a decided challenger is not promoted or retired twice', () => {
    const versions = [state(1, 'retired'), state(2, 'champion')];
    expect(stageOf(versions, 2)).toBe('champion');
    expect(stageOf(versions, 1)).toBe('retired');
    expect(stageOf(versions, 3)).toBeNull();
  });
});
