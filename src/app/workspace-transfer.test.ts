import { describe, expect, it } from 'vitest';
import { importMessage, workspaceFileName } from './workspace-transfer';

describe('importMessage', () => {
  it('says what was added, and what was kept as it is', () => {
    const none = { added: 0, kept: 0 };
    expect(
      importMessage({
        cases: { added: 1, kept: 0 },
        files: { added: 3, kept: 0 },
        runs: { added: 8, kept: 0 },
        notes: none,
        models: none,
        exports: none,
        evaluations: none,
      }),
    ).toBe('Imported 1 case, 3 files, 8 runs and 0 run notes.');
    expect(
      importMessage({
        cases: { added: 0, kept: 2 },
        files: { added: 0, kept: 1 },
        runs: none,
        notes: { added: 1, kept: 0 },
        models: none,
        exports: none,
        evaluations: none,
      }),
    ).toBe(
      'Imported 0 cases, 0 files, 0 runs and 1 run note. Already in this browser, and kept as they are here: 2 cases, 1 file.',
    );
    expect(
      importMessage({
        cases: none,
        files: none,
        runs: none,
        notes: none,
        models: { added: 2, kept: 1 },
        exports: none,
        evaluations: none,
      }),
    ).toBe(
      'Imported 0 cases, 0 files, 0 runs, 0 run notes and 2 model versions. Already in this browser, and kept as they are here: 1 model version.',
    );
  });

  it('names export records when there are some', () => {
    const none = { added: 0, kept: 0 };
    expect(
      importMessage({
        cases: { added: 1, kept: 0 },
        files: none,
        runs: { added: 3, kept: 0 },
        notes: none,
        models: none,
        exports: { added: 2, kept: 1 },
        evaluations: { added: 1, kept: 0 },
      }),
    ).toBe(
      'Imported 1 case, 0 files, 3 runs, 0 run notes, 2 export records and 1 evaluation record. Already in this browser, and kept as they are here: 1 export record.',
    );
  });

  it('names the file by the date of the export', () => {
    expect(workspaceFileName('2026-03-01T10:00:00.000Z')).toBe('casebook-workspace-2026-03-01.casebook');
  });
});
