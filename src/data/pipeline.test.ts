import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlEngine } from './engine';
import { pipelineScript, type PipelineStep } from './pipeline';
import { quoteIdent } from './sql';
import { AUTO_CSV, createImportHarness, type ImportHarness } from './testing/import-harness';

const SAMPLE = fileURLToPath(new URL('../../public/sample/telco/', import.meta.url));
const HEADER = { caseTitle: 'Telco churn', appVersion: 'test', exportedAt: '2026-11-24T00:00:00.000Z' };

/** The sample case's preparation, as the app runs it (see src/app/samples/telco.ts). */
const QUERIES: readonly { table: string; sql: string }[] = [
  {
    table: 'churn',
    sql: `SELECT c.*, s.* EXCLUDE (customerID), b.* EXCLUDE (customer_id)
FROM customers AS c
JOIN services AS s USING (customerID)
JOIN billing AS b ON b.customer_id = c.customerID -- one row per customer`,
  },
  {
    table: 'churn_by_contract',
    sql: "SELECT Contract, count(*) AS n, avg(CASE WHEN Churn = 'Yes' THEN 1 ELSE 0 END) AS rate FROM churn GROUP BY Contract;",
  },
];

const SOURCES = [
  { table: 'customers', file: 'customers.csv', format: 'csv' },
  { table: 'services', file: 'services.csv', format: 'csv' },
  { table: 'billing', file: 'billing.parquet', format: 'parquet' },
] as const;

function steps(): PipelineStep[] {
  return [
    ...SOURCES.map((s): PipelineStep => ({
      kind: 'source',
      table: s.table,
      fileName: s.file,
      format: s.format,
      sha256: '0'.repeat(64),
      note: 'line one\nline two -- not code',
      csv: AUTO_CSV,
    })),
    ...QUERIES.map((q): PipelineStep => ({
      kind: 'query',
      table: q.table,
      sql: q.sql,
      materialize: 'table',
      label: 'SQL',
    })),
  ];
}

/** Row count and a hash of the sorted rows, each row as DuckDB prints it. */
const HASH_SQL = (table: string): string =>
  `SELECT count(*)::INTEGER AS n, md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) AS h
   FROM (SELECT CAST(x AS VARCHAR) AS r FROM ${quoteIdent(table)} AS x)`;

async function wasmHash(engine: SqlEngine, table: string): Promise<[number, string]> {
  const row = (await engine.query(HASH_SQL(table))).get(0);
  return [Number(row?.['n']), String(row?.['h'])];
}

describe('pipelineScript', () => {
  let harness: ImportHarness;

  beforeAll(async () => {
    harness = await createImportHarness();
    for (const s of SOURCES) {
      await harness.run(s.file, readFileSync(`${SAMPLE}${s.file}`), s.format, { table: s.table });
    }
    for (const q of QUERIES) {
      await harness.engine.query(`CREATE TABLE ${quoteIdent(q.table)} AS ${q.sql.replace(/;$/, '')}`);
    }
  });

  it('runs unchanged in native DuckDB and gives the same rows as the browser build, row for row', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`SET file_search_path = '${SAMPLE.replaceAll("'", "''")}'`);
    await conn.run(pipelineScript(HEADER, steps()));
    for (const table of ['customers', 'services', 'billing', 'churn', 'churn_by_contract']) {
      const native = (await conn.runAndReadAll(HASH_SQL(table))).getRowObjects()[0];
      expect([Number(native?.['n']), String(native?.['h'])], table).toEqual(
        await wasmHash(harness.engine, table),
      );
    }
    const churn = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM churn')).getRowObjects();
    expect(churn[0]?.['n']).toBe(7043);
    conn.closeSync();
  });

  it('keeps text from the case in one-line comments and quotes every name', () => {
    const script = pipelineScript({ ...HEADER, caseTitle: 'Evil\nDROP TABLE x;\r\n' }, [
      {
        kind: 'query',
        table: 'we"ird name',
        sql: 'SELECT 1 -- trailing comment',
        materialize: 'view',
        label: 'SQL\ncell',
      },
    ]);
    expect(script).toContain('-- Casebook pipeline: Evil DROP TABLE x;\n');
    expect(script).not.toMatch(/^DROP/m);
    expect(script).toContain('CREATE OR REPLACE VIEW "we""ird name" AS\nSELECT 1 -- trailing comment\n;');
    expect(script).toContain('-- SQL cell\n');
  });
});
