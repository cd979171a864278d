#!/usr/bin/env node
/**
 * Simulates the Telco sample's A/B results table, public/sample/telco/retention_ab.csv: a test of
 * the retention call on the customers the churn model flags. SIMULATED, with a known effect, so
 * that the analysis can be seen to find it (see public/sample/telco/retention_ab.ORIGIN.md).
 *
 *   node scripts/sample-retention-ab.mjs
 *
 * Every draw comes from one mulberry32 generator (as src/ml/models/prng.ts) seeded with SEED, in
 * this order per customer: the arm, the monthly charge (Box–Muller, two uniforms), the outcome.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const SEED = 20240601;
const CUSTOMERS = 2000;
/** Chance of being called (treatment), by a fair coin per customer. */
const TREATMENT_SHARE = 0.5;
/** Retained for the next six months without a call, and with one: the true effect is +8 points. */
const RETAINED_CONTROL = 0.55;
const RETAINED_TREATMENT = 0.63;
const MONTHS = 6;
const OUT = resolve('public/sample/telco/retention_ab.csv');

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);
/** A monthly charge like the Telco customers': normal(65, 25), kept within the sample's 18.25–118.75. */
function monthlyCharge() {
  const u = 1 - random();
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.round(Math.min(118.75, Math.max(18.25, 65 + 25 * z)) * 100) / 100;
}

const lines = ['customer_id,arm,retained,value'];
const tally = { control: [0, 0], treatment: [0, 0] };
for (let i = 1; i <= CUSTOMERS; i++) {
  const arm = random() < TREATMENT_SHARE ? 'treatment' : 'control';
  const charge = monthlyCharge();
  const retained = random() < (arm === 'treatment' ? RETAINED_TREATMENT : RETAINED_CONTROL) ? 1 : 0;
  // Revenue over the six months after the test: the customer pays every month or has left.
  const value = retained ? (MONTHS * charge).toFixed(2) : '0.00';
  lines.push(`AB-${String(i).padStart(4, '0')},${arm},${retained},${value}`);
  tally[arm][0] += 1;
  tally[arm][1] += retained;
}
writeFileSync(OUT, `${lines.join('\n')}\n`);
for (const [arm, [n, kept]] of Object.entries(tally)) {
  console.log(`${arm}: ${n} customers, ${kept} retained (${((100 * kept) / n).toFixed(1)}%)`);
}
console.log(`wrote ${OUT}`);
