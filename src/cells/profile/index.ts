import { grouped } from '../shared/text';
import type { CellUnit } from '../unit';
import { profileCache } from './cache';
import ProfileView from './ProfileView.svelte';
import { runProfile, type ProfileOutput } from './run';

const problems = (n: number): string => `${n} ${n === 1 ? 'problem' : 'problems'}`;

export const profile: CellUnit<'profile', ProfileOutput> = {
  label: 'Profile',
  description: 'Every column of a table: types, missing values, distributions, problems found',
  run: runProfile,
  view: ProfileView,
  doneText: (output) => problems(output.profile.issues.length),
  report: {
    has: (_cell, { output }) => output !== null,
    section: (_cell, { heading, output }) => {
      if (output === null) return null;
      const p = output.profile;
      return {
        kind: 'profile',
        heading,
        table: p.table,
        rows: p.rowCount,
        columns: p.columns.length,
        sampleNote: p.sample ? `profiled on a sample of ${grouped(p.sample.rows)} rows` : null,
        issues: p.issues.map((i) => ({
          severity: i.severity,
          column: i.column,
          message: i.message,
          rows: i.rows,
        })),
      };
    },
    shownBatch: () => null,
  },
  script: null,
  lineage: () => null,
  lineageView: null,
  learned: () => null,
  cache: profileCache,
};
