// The multiclass row of `npm run bench` (issue 20, Speed): softmax logistic regression and the
// boosted trees (a tree per class per round) on 200,000 × 32 generated rows with 7 classes, trained
// by the app's worker in Chromium beside scikit-learn 1.2.1 on the same rows, one thread
// (LogisticRegression multinomial lbfgs, HistGradientBoostingClassifier). The goal is the binary
// one: the boosted trees at most 3× scikit-learn. With --smoke: 2,000 rows, 10 rounds, one run.
//   import { multiclassBench } from './training-multiclass.mjs'; await multiclassBench(root);
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launch, median, rng, SMOKE } from './common.mjs';
import { buildPage, onPage } from './training.mjs';

const TRAIN_ROWS = SMOKE ? 2_000 : 200_000;
const VALIDATION_ROWS = SMOKE ? 500 : 10_000;
const ROWS = TRAIN_ROWS + VALIDATION_ROWS;
const COLUMNS = 32;
const CLASSES = 7;
const SEED = 7;
const LOGISTIC_RUNS = SMOKE ? 1 : 3;
const GOAL_RATIO = 3;

/** L2 softmax regression at scikit-learn's C = 1 (the app's L-BFGS converges tighter than its tol). */
const LOGISTIC = { kind: 'logistic', C: 1, seed: 0 };
/** scikit-learn's HistGradientBoostingClassifier defaults, early stopping off: exactly maxIter rounds. */
const GBDT = {
  kind: 'gbdt',
  task: 'multiclass',
  learningRate: 0.1,
  maxIter: SMOKE ? 10 : 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2: 0,
  earlyStopping: false,
  seed: 0,
};

const shape = { rows: ROWS, columns: COLUMNS, trainRows: TRAIN_ROWS, classes: CLASSES };

/**
 * Float32 little-endian: ROWS × COLUMNS standard normal features (row-major), then ROWS class
 * indices drawn from a softmax over 7 linear scores, each class with one quadratic term, so that
 * neither model is exact and the classes overlap.
 */
function generateData(path) {
  const bytes = (ROWS * COLUMNS + ROWS) * 4;
  if (existsSync(path) && statSync(path).size === bytes) return;
  const uniformForNormal = rng(SEED);
  const normal = () => {
    const u = 1 - uniformForNormal();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniformForNormal());
  };
  const uniform = rng(SEED + 1);
  const weights = Array.from({ length: CLASSES }, (_, c) =>
    Array.from({ length: COLUMNS }, (_, j) => (((c + 2 * j) % 5) - 2) / (2 * Math.sqrt(1 + j))),
  );
  const out = new Float32Array(ROWS * COLUMNS + ROWS);
  const z = new Float64Array(CLASSES);
  for (let i = 0; i < ROWS; i++) {
    const row = Array.from({ length: COLUMNS }, normal);
    row.forEach((v, j) => (out[i * COLUMNS + j] = v));
    let total = 0;
    for (let c = 0; c < CLASSES; c++) {
      const linear = weights[c].reduce((s, w, j) => s + w * row[j], 0);
      total += z[c] = Math.exp(linear + 0.5 * row[c] * row[c] - 0.5);
    }
    let u = uniform() * total;
    let label = CLASSES - 1;
    for (let c = 0; c < CLASSES; c++) {
      u -= z[c];
      if (u < 0) {
        label = c;
        break;
      }
    }
    out[ROWS * COLUMNS + i] = label;
  }
  writeFileSync(path, new Uint8Array(out.buffer));
}

async function train(page, spec) {
  const run = await page.evaluate(([s, sp]) => window.casebookBench.train(s, sp, 'auto'), [shape, spec]);
  if (run.outcome.type !== 'done') {
    throw new Error(`multiclass ${spec.kind} failed: ${run.outcome.code}: ${run.outcome.message}`);
  }
  const last = run.progress.at(-1);
  const at = (type) => run.timeline.find((e) => e.type === type).atMs;
  return {
    fitMs: last.elapsedMs,
    stepMs: last.elapsedMs / last.iteration,
    runMs: at('done') - at('started'),
    iterations: run.iterations,
    validationLogLoss: run.validationLogLoss,
  };
}

async function browserRuns(url) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.casebookBench !== undefined);
    const logistic = [];
    for (let i = 0; i < LOGISTIC_RUNS; i++) logistic.push(await train(page, LOGISTIC));
    const gbdt = await train(page, GBDT);
    console.log(
      `app multiclass logistic runs (ms): ${logistic.map((r) => r.runMs.toFixed(0)).join(', ')}; gbdt fit ${gbdt.fitMs.toFixed(0)}, run ${gbdt.runMs.toFixed(0)}`,
    );
    const mid = median(logistic.map((r) => r.runMs));
    return { logistic: logistic.find((r) => r.runMs === mid), gbdt };
  } finally {
    await browser.close();
  }
}

async function sklearnPeer(root, dataPath) {
  const args = [
    join(root, 'bench', 'training_multiclass_peer.py'),
    dataPath,
    ROWS,
    COLUMNS,
    TRAIN_ROWS,
    CLASSES,
    GBDT.maxIter,
    1,
  ];
  try {
    const { stdout } = await promisify(execFile)('/usr/bin/python3', args.map(String), { timeout: 900_000 });
    const result = JSON.parse(stdout);
    return { available: true, sklearn: result.sklearn, ...result.runs[0] };
  } catch (e) {
    const reason = String(e.stderr || e.message)
      .trim()
      .split('\n')
      .at(-1);
    return { available: false, reason: `${reason} (apt-get install -y python3-sklearn)` };
  }
}

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`);

function rowsOf(app, sk) {
  const peer = (pick) => (sk.available ? pick(sk) : null);
  const row = (work, appMs, peerMs, goal) => {
    const ratio = peerMs === null ? null : appMs / peerMs;
    let verdict = '—';
    if (goal && ratio === null) verdict = 'not met: scikit-learn did not run, so there is no ratio';
    else if (goal && ratio > GOAL_RATIO)
      verdict = `not met: the app's fit takes ${fmtMs(appMs)}, ${ratio.toFixed(2)}× scikit-learn's ${fmtMs(peerMs)}`;
    else if (goal) verdict = 'met';
    return { work, appMs, sklearnMs: peerMs, ratio, goal: goal ? `≤ ${GOAL_RATIO}×` : null, verdict };
  };
  const lr = app.logistic;
  const peerIterations = peer((s) => s.logistic.iterations) ?? '?';
  return [
    row(
      `softmax logistic regression, per iteration (L-BFGS; app ${lr.iterations}, scikit-learn ${peerIterations} iterations)`,
      lr.stepMs,
      peer((s) => s.logistic.fitMs / s.logistic.iterations),
      false,
    ),
    row(
      'softmax logistic regression, whole fit (app: the worker’s run, scoring included)',
      lr.runMs,
      peer((s) => s.logistic.fitMs),
      false,
    ),
    row(
      `boosted trees, ${GBDT.maxIter} rounds × ${CLASSES} trees × ${GBDT.maxLeafNodes} leaves, fit`,
      app.gbdt.fitMs,
      peer((s) => s.gbdt.fitMs),
      true,
    ),
  ];
}

/** Runs the multiclass row; returns what results.json keeps under `multiclass`. */
export async function multiclassBench(root) {
  const dataDir = join(root, 'bench', 'data', ...(SMOKE ? ['smoke'] : []));
  const dataPath = join(dataDir, `train-${ROWS}x${COLUMNS}-${CLASSES}classes.f32`);
  const siteDir = join(root, 'bench', 'out', ...(SMOKE ? ['smoke'] : []), 'training-multiclass-site');
  mkdirSync(dataDir, { recursive: true });
  generateData(dataPath);
  await buildPage(root, siteDir, { 'data.f32': dataPath });
  const app = await onPage(root, siteDir, browserRuns);
  const sk = await sklearnPeer(root, dataPath);
  const rows = rowsOf(app, sk);
  const n = `${TRAIN_ROWS.toLocaleString('en-US')} × ${COLUMNS}, ${CLASSES} classes`;
  console.log(
    `\n| multiclass training, ${n} | app (worker, Chromium) | scikit-learn 1 thread | ratio | goal |`,
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const peerText = r.sklearnMs === null ? '—' : fmtMs(r.sklearnMs);
    const ratioText = r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`;
    const goalText = r.goal === null ? '—' : `${r.goal}: ${r.verdict}`;
    console.log(`| ${r.work} | ${fmtMs(r.appMs)} | ${peerText} | ${ratioText} | ${goalText} |`);
  }
  if (!sk.available) console.log(`scikit-learn not available: ${sk.reason}`);
  const skLoss = sk.available
    ? `; scikit-learn: logistic ${sk.logistic.validationLogLoss.toFixed(4)}${sk.logistic.converged ? '' : ' (stopped at max_iter, not converged)'}, gbdt ${sk.gbdt.validationLogLoss.toFixed(4)}`
    : '';
  console.log(
    `Validation log-loss (${VALIDATION_ROWS.toLocaleString('en-US')} rows), app: logistic ${app.logistic.validationLogLoss.toFixed(4)}, gbdt ${app.gbdt.validationLogLoss.toFixed(4)}${skLoss}`,
  );
  return {
    date: new Date().toISOString(),
    data: {
      trainRows: TRAIN_ROWS,
      validationRows: VALIDATION_ROWS,
      columns: COLUMNS,
      classes: CLASSES,
      seed: SEED,
    },
    specs: { logistic: LOGISTIC, gbdt: GBDT },
    app,
    sklearn: sk,
    results: rows,
  };
}
