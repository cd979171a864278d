#!/usr/bin/env node
// `npm test`: every check the project has, in the order that fails fastest and finishes soonest on
// CI's 2 cores. The static checks and the production build each use about one core, so they run two
// at a time (their output is held and printed whole when each ends); then the unit tests, the e2e
// suite on that build, and the smoke bench, one after another, since each of them fills both cores.
import { spawn } from 'node:child_process';

const PARALLEL = [
  // Longest first, so the pair ends together.
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['format', 'npm', ['run', '--silent', 'format:check']],
];
const SERIAL = [
  ['unit tests', 'npx', ['vitest', 'run']],
  // The settled profile is made beside the first tests (e2e/global-setup.ts), not while a worker waits.
  ['e2e tests', 'npx', ['playwright', 'test'], { CASEBOOK_E2E_EARLY_PROFILE: '1' }],
  ['smoke bench', 'node', ['bench/run.mjs', '--smoke']],
];
const WIDTH = 2;

const seconds = (startedMs) => `${Math.round((Date.now() - startedMs) / 1000)} s`;

/** Runs one step with its output held, resolving to whether it passed. */
function held(name, command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code, signal) => {
      const passed = code === 0;
      process.stdout.write(
        `\n── ${name}: ${passed ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds(started)}\n`,
      );
      const text = Buffer.concat(chunks).toString();
      if (text.trim() !== '') process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      resolve(passed);
    });
  });
}

/** Runs one step with its output shown as it comes, resolving to whether it passed. */
function live(name, command, args, env = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    process.stdout.write(`\n── ${name}\n`);
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code, signal) => {
      const passed = code === 0;
      process.stdout.write(
        `── ${name}: ${passed ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds(started)}\n`,
      );
      resolve(passed);
    });
  });
}

const started = Date.now();
const queue = [...PARALLEL];
const results = [];
await Promise.all(
  Array.from({ length: WIDTH }, async () => {
    for (let step = queue.shift(); step !== undefined; step = queue.shift())
      results.push(await held(...step));
  }),
);
let passed = results.every(Boolean);
for (const step of SERIAL) {
  if (!passed) break;
  passed = await live(...step);
}
process.stdout.write(`\n${passed ? 'All checks passed' : 'A check failed'} in ${seconds(started)}.\n`);
process.exit(passed ? 0 : 1);
