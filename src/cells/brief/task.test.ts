import { describe, expect, it } from 'vitest';
import { taskForTarget } from './task';

describe('taskForTarget', () => {
  it('suggests regression for a fractional number, whatever the task was', () => {
    for (const type of ['DOUBLE', 'FLOAT', 'DECIMAL(18,3)']) {
      expect(taskForTarget(type, 'binary')).toBe('regression');
      expect(taskForTarget(type, 'multiclass')).toBe('regression');
    }
  });

  it('leaves an integer target to the user: 0/1 flags and counts look alike by type', () => {
    expect(taskForTarget('INTEGER', 'binary')).toBe('binary');
    expect(taskForTarget('BIGINT', 'regression')).toBe('regression');
  });

  it('takes a text or boolean target back from regression to a classification', () => {
    expect(taskForTarget('VARCHAR', 'regression')).toBe('binary');
    expect(taskForTarget('BOOLEAN', 'regression')).toBe('binary');
    expect(taskForTarget('VARCHAR', 'multiclass')).toBe('multiclass');
    expect(taskForTarget('VARCHAR', 'binary')).toBe('binary');
  });
});
