#!/usr/bin/env node
/**
 * Writes the Telco sample's new batch of customers to score, public/sample/telco/new_customers.csv
 * (see public/sample/telco/new_customers.ORIGIN.md): rows of the sample's own three files, joined
 * as the sample's SQL cell joins them, without the churn flag (not known yet for new customers)
 * and without total_charges (the model does not read it), under new ids; one problem planted: a
 * payment method the model never saw, "Digital wallet", on every tenth row.
 *
 *   node scripts/sample-new-customers.mjs
 *
 * Deterministic: the same rows (every 25th customer of customers.csv, from the 8th), read as
 * text so that each value is written as the file holds it ("Yes", not true).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { resolve } from 'node:path';

const DIR = resolve('public/sample/telco');
const OUT = resolve(DIR, 'new_customers.csv');
const q = (p) => `'${p.replaceAll("'", "''")}'`;

const db = await DuckDBInstance.create(':memory:', { threads: '1' });
const conn = await db.connect();
await conn.run(`
COPY (
  WITH customers AS (SELECT *, row_number() OVER () AS n FROM read_csv(${q(`${DIR}/customers.csv`)}, all_varchar = true)),
  picked AS (SELECT * FROM customers WHERE n % 25 = 8),
  joined AS (
    SELECT row_number() OVER (ORDER BY c.n) AS k, c.* EXCLUDE (n, Churn), s.* EXCLUDE (customerID),
           b.monthly_charges
    FROM picked AS c
    JOIN read_csv(${q(`${DIR}/services.csv`)}, all_varchar = true) AS s USING (customerID)
    JOIN read_parquet(${q(`${DIR}/billing.parquet`)}) AS b ON b.customer_id = c.customerID
  )
  SELECT printf('NEW-%04d', k) AS customerID, gender, SeniorCitizen, Partner, Dependents, tenure,
         Contract, PaperlessBilling,
         CASE WHEN k % 10 = 0 THEN 'Digital wallet' ELSE PaymentMethod END AS PaymentMethod,
         * EXCLUDE (k, customerID, gender, SeniorCitizen, Partner, Dependents, tenure, Contract,
                    PaperlessBilling, PaymentMethod)
  FROM joined ORDER BY k
) TO ${q(OUT)} (FORMAT csv, HEADER true)`);
console.log(`wrote ${OUT}`);
