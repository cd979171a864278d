import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import { describeRelation } from '../catalog';
import { compileSteps, parseRecipe, toStep } from '../clean';
import type { SqlEngine } from '../engine';
import type { ColumnProfile, TableProfile } from './types';

/* Shared by the tests of this folder. */

export function column(profile: TableProfile, name: string): ColumnProfile {
  const found = profile.columns.find((c) => c.name === name);
  if (found === undefined) throw new Error(`No column ${name} in the profile.`);
  return found;
}

/**
 * Every issue's suggestions read back through the clean validator unchanged, compile in order
 * against the table's columns, and the compiled query runs.
 */
export async function expectValidSuggestions(engine: SqlEngine, profile: TableProfile): Promise<void> {
  const { columns } = await describeRelation(engine, profile.table);
  for (const issue of profile.issues) {
    for (const recipe of issue.suggestions)
      expect(parseRecipe(JSON.parse(JSON.stringify(recipe)))).toEqual(recipe);
    const steps = issue.suggestions.map((r, i) => toStep(r, `s${i}`));
    const { sql } = compileSteps(profile.table, columns, steps);
    await engine.query(`SELECT count(*) FROM (${sql})`);
  }
}

/** The profile survives JSON unchanged: no NaN, Infinity, bigint or undefined inside. */
export function expectPlainJson(profile: TableProfile): void {
  const text = JSON.stringify(profile);
  expect(text).not.toMatch(/NaN|Infinity/);
  expect(JSON.parse(text)).toEqual(profile);
}

/** Runs `setup`, then every statement of the profile, in native DuckDB (@duckdb/node-api). */
export async function replayNative(setup: string, queries: readonly string[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(setup);
    for (const sql of queries) await conn.run(sql);
  } finally {
    conn.closeSync();
  }
}
