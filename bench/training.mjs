// The training part of `npm run bench`: logistic regression, a fixed MLP and gradient-boosted
// trees on 200,000 × 32 generated rows, trained by the app's worker in Chromium (per TensorFlow.js
// backend the browser offers, for the MLP) beside scikit-learn on the same rows in the same run.
// With --smoke (common.mjs): 2,000 × 32 rows, 10 boosting rounds, 2 epochs, one logistic run,
// scikit-learn on one thread.
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, loadConfigFromFile, mergeConfig, preview } from 'vite';
import { launch, median, PORT, rng, SMOKE } from './common.mjs';
import { tfjsNodePeer } from './tfjs-node-peer.mjs';

const TRAIN_ROWS = SMOKE ? 2_000 : 200_000;
const VALIDATION_ROWS = SMOKE ? 500 : 10_000;
const ROWS = TRAIN_ROWS + VALIDATION_ROWS;
const COLUMNS = 32;
const SEED = 42;
const LOGISTIC_RUNS = SMOKE ? 1 : 3;
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** A backend whose epoch takes longer is stopped after it (WebGPU on SwiftShader: ~80 s an epoch). */
const SLOW_EPOCH_MS = 30_000;
/** Headless Chromium on Linux offers no WebGPU adapter without this flag; with it, a software one. */
const WEBGPU = process.env.BENCH_WEBGPU === '1';
const NO_WEBGPU =
  'no WebGPU adapter in headless Chromium (BENCH_WEBGPU=1 adds --enable-unsafe-webgpu: SwiftShader, ~80 s an epoch)';

const LOGISTIC = { kind: 'logistic', C: 1, seed: 0 };
/** scikit-learn's HistGradientBoostingClassifier defaults, early stopping off: exactly 100 trees. */
const GBDT = {
  kind: 'gbdt',
  task: 'binary',
  learningRate: 0.1,
  maxIter: SMOKE ? 10 : 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2: 0,
  earlyStopping: false,
  seed: 0,
};
/** Adam at scikit-learn's default rate; no penalty, dropout or early stopping, as MLPClassifier(alpha=0). */
const MLP = {
  kind: 'mlp',
  task: 'binary',
  hidden: [64, 32],
  activation: 'relu',
  dropout: 0,
  learningRate: 0.001,
  batchSize: 1024,
  epochs: SMOKE ? 2 : 3,
  patience: 0,
  l2: 0,
  seed: 0,
};

/**
 * Float32 little-endian: ROWS × COLUMNS features (row-major), then ROWS targets. The same rows as
 * syntheticClassification(…, 32, 42) in src/ml/models/testing.ts: standard normal features, a
 * logistic target with one quadratic term; its first 200,000 rows are bench.test.ts's data.
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
  const weights = Array.from({ length: COLUMNS }, (_, j) => (j % 3 === 0 ? 1 : -0.5) / Math.sqrt(1 + j));
  const out = new Float32Array(ROWS * COLUMNS + ROWS);
  for (let i = 0; i < ROWS; i++) {
    let z = -0.5;
    for (let j = 0; j < COLUMNS; j++) {
      const v = normal();
      out[i * COLUMNS + j] = v;
      z += weights[j] * v + (j === 0 ? 0.5 * v * v : 0);
    }
    out[ROWS * COLUMNS + i] = uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  writeFileSync(path, new Uint8Array(out.buffer));
}

/**
 * Builds bench/page with the app's Vite config (its define, worker and build settings) but none
 * of its plugins: the page needs neither Svelte nor the service worker. The app's bundle is untouched.
 * `files`: what the page fetches, by name in the site (`{ 'data.f32': path }`), copied beside it.
 */
export async function buildPage(root, siteDir, files) {
  // The page is the same for every part: built once per process, then copied without the files
  // the first part gave it.
  if (firstBuild !== null && firstBuild.siteDir !== siteDir) {
    const skip = new Set(firstBuild.files.map((name) => join(firstBuild.siteDir, name)));
    rmSync(siteDir, { recursive: true, force: true });
    cpSync(firstBuild.siteDir, siteDir, { recursive: true, filter: (path) => !skip.has(path) });
  } else {
    await buildSite(root, siteDir);
    firstBuild = { siteDir, files: Object.keys(files) };
  }
  for (const [name, path] of Object.entries(files)) copyFileSync(path, join(siteDir, name));
}

/** The site built first in this process, and the names of the files copied beside it. */
let firstBuild = null;

async function buildSite(root, siteDir) {
  const loaded = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    join(root, 'vite.config.ts'),
    root,
  );
  if (!loaded) throw new Error('vite.config.ts did not load');
  const { plugins: _plugins, test: _test, ...appConfig } = loaded.config;
  await build(
    mergeConfig(appConfig, {
      configFile: false,
      root: join(root, 'bench', 'page'),
      publicDir: false,
      logLevel: 'error',
      build: { outDir: siteDir, emptyOutDir: true },
    }),
  );
}

const shape = { rows: ROWS, columns: COLUMNS, trainRows: TRAIN_ROWS };

async function train(page, spec, backend, oneThread = false) {
  const run = await page.evaluate(
    ([s, sp, b, slow, one]) => window.casebookBench.train(s, sp, b, slow, one),
    [shape, spec, backend, SLOW_EPOCH_MS, oneThread],
  );
  // A network's failure is a result (its row says so); a TypeScript model's stops the bench.
  if (spec.kind !== 'mlp' && run.outcome.type !== 'done') {
    throw new Error(`${spec.kind} on ${backend} failed: ${run.outcome.code}: ${run.outcome.message}`);
  }
  return run;
}

/** The app's figures, from the worker's own events: fit time (`progress`), epoch time (`epoch`). */
async function browserRuns(url) {
  const browser = await launch(WEBGPU ? ['--enable-unsafe-webgpu'] : []);
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.casebookBench !== undefined);
    const offered = await page.evaluate(() => window.casebookBench.backends());
    console.log(`worker backends: ${offered.available.join(', ')}; auto: ${offered.reason}`);
    // auto's own calibration (issue 21): what the app measures on this browser before a network.
    const calibration = await page.evaluate(() => window.casebookBench.calibrate());
    console.log(`auto's calibration: ${calibrationText(calibration)}`);
    const logistic = [];
    for (let i = 0; i < LOGISTIC_RUNS; i++) logistic.push(fitSummary(await train(page, LOGISTIC, 'auto')));
    const gbdt = fitSummary(await train(page, GBDT, 'auto'));
    console.log(
      `app logistic runs (ms): ${logistic.map((r) => r.runMs.toFixed(0)).join(', ')}; gbdt fit ${gbdt.fitMs.toFixed(0)}, run ${gbdt.runMs.toFixed(0)}`,
    );
    const mlp = {};
    for (const backend of BACKENDS) {
      if (!offered.available.includes(backend)) {
        const reason = backend === 'webgpu' ? NO_WEBGPU : 'not in the worker’s list for this browser';
        mlp[backend] = { offered: false, reason };
        continue;
      }
      const run = await train(page, MLP, backend);
      mlp[backend] = run.notOffered
        ? { offered: false, reason: run.backend?.reason ?? 'fell back to another backend' }
        : epochSummary(run);
      const m = mlp[backend];
      const epochs = m.offered ? m.epochsMs.map((e) => e.toFixed(0)).join(', ') : '';
      console.log(
        m.offered
          ? `app mlp on ${backend}: epochs ${epochs} ms (validation loss ${m.validationLosses.map((l) => l.toFixed(4)).join(', ')}); last epoch → done ${m.finishMs?.toFixed(0) ?? '-'} ms${m.failure ? `; ${m.failure}` : ''}`
          : `app mlp on ${backend}: not offered (${m.reason})`,
      );
    }
    // Threads (issue 21 item 3): the page is cross-origin isolated (onPage's headers), so the wasm
    // row above ran on as many threads as the worker chose; this one asks the same build for one.
    const isolated = await page.evaluate(() => crossOriginIsolated);
    const wasmOneThread =
      offered.available.includes('wasm') && isolated
        ? epochSummary(await train(page, MLP, 'wasm', true))
        : null;
    if (wasmOneThread)
      console.log(
        `app mlp on wasm, 1 thread: epochs ${wasmOneThread.epochsMs.map((e) => e.toFixed(0)).join(', ')} ms (${wasmOneThread.setup ?? '?'})`,
      );
    const medianRun = (runs) => runs.find((r) => r.runMs === median(runs.map((x) => x.runMs)));
    return { offered, calibration, logistic: medianRun(logistic), gbdt, mlp, isolated, wasmOneThread };
  } finally {
    await browser.close();
  }
}

/**
 * The TypeScript models' times. `stepMs`: the fit's elapsed time at its last `progress` event over
 * the iterations it reported (logistic regression's converging Newton step reports none).
 * `runMs`: `started` to `done` as the page saw them: the whole fit, plus copying the training rows
 * and scoring all 210,000 rows, which the peer does not do.
 */
function fitSummary(run) {
  const last = run.progress.at(-1);
  const at = (type) => run.timeline.find((e) => e.type === type).atMs;
  return {
    fitMs: last.elapsedMs,
    stepMs: last.elapsedMs / last.iteration,
    runMs: at('done') - at('started'),
    iterations: run.iterations,
    reportedIterations: last.iteration,
    trainLoss: last.loss,
    validationLogLoss: run.validationLogLoss,
    wallMs: run.wallMs,
  };
}

/** Also `finishMs`: from the last epoch to `done` (the worker scores every row then). */
function epochSummary(run) {
  const { outcome, timeline } = run;
  const done = timeline.find((e) => e.type === 'done');
  const lastEpoch = timeline.findLast((e) => e.type === 'epoch');
  const failed = outcome.type === 'failed' && !(run.stoppedSlow && outcome.code === 'cancelled');
  return {
    offered: true,
    reason: run.backend.reason,
    /** wasm's build as the worker reported it: "SIMD, 2 threads". */
    setup: run.backend.setup ?? null,
    epochMs: run.epochs.length > 0 ? median(run.epochs.map((e) => e.epochMs)) : null,
    finishMs: done && lastEpoch ? done.atMs - lastEpoch.atMs : null,
    stoppedSlow: run.stoppedSlow,
    failure: failed ? `failed (${outcome.code}): ${outcome.message}` : null,
    timeline,
    epochsMs: run.epochs.map((e) => e.epochMs),
    /** As the worker computed it after each epoch. */
    validationLosses: run.epochs.map((e) => e.validationLoss),
    validationLogLoss: run.validationLogLoss,
    wallMs: run.wallMs,
  };
}

/** scikit-learn on the same file, once per thread setting (0: its default, every core). */
async function sklearnPeer(root, dataPath) {
  // The smoke run checks the path, not the speed: one thread setting is enough.
  const threads = (process.env.BENCH_PEER_THREADS ?? (SMOKE ? '1' : '1,0')).split(',');
  const peerSpec = {
    hidden: MLP.hidden,
    batchSize: MLP.batchSize,
    learningRate: MLP.learningRate,
    epochs: MLP.epochs,
    gbdtMaxIter: GBDT.maxIter,
  };
  const args = [
    join(root, 'bench', 'training_peer.py'),
    dataPath,
    ROWS,
    COLUMNS,
    TRAIN_ROWS,
    JSON.stringify(peerSpec),
    ...threads,
  ];
  try {
    const { stdout } = await promisify(execFile)('/usr/bin/python3', args.map(String), { timeout: 600_000 });
    return { available: true, ...JSON.parse(stdout) };
  } catch (e) {
    const reason = String(e.stderr || e.message)
      .trim()
      .split('\n')
      .at(-1);
    return { available: false, reason: `${reason} (apt-get install -y python3-sklearn)` };
  }
}

const NOTES =
  'App: the training worker (TrainingClient) in headless Chromium, one fresh worker per run, times from its own ' +
  'events. Logistic per iteration: elapsedMs of the last progress event over the Newton steps that reported ' +
  '(the converging step reports none); whole fit: started to done, which adds copying the rows and scoring ' +
  `all ${ROWS.toLocaleString('en-US')}. MLP: median epochMs of the epoch events (the batches plus the ` +
  `${VALIDATION_ROWS.toLocaleString('en-US')}-row validation loss). ` +
  `GBDT: elapsedMs of the ${GBDT.maxIter}th progress event. scikit-learn: fit wall time in the same run; per iteration ` +
  'and per epoch are that over n_iter_. The page is cross-origin isolated (COOP/COEP from the bench server), as the ' +
  'app is once its service worker controls it: tfjs-wasm may use threads (the MLP wasm rows say how many it got); ' +
  'the TypeScript models run on one thread; the 1-thread peer is the like-for-like one for them.';

/** Each backend's figure in auto's calibration, and what the whole calibration took. */
function calibrationText(c) {
  const entry = (e) =>
    e.state === 'measured'
      ? `${e.backend} ${e.msPerStep.toFixed(1)} ms/step`
      : e.state === 'too-slow'
        ? `${e.backend} no step within ${e.shareMs.toFixed(0)} ms`
        : e.state === 'skipped'
          ? `${e.backend} skipped (budget spent)`
          : `${e.backend} failed (${e.message})`;
  return `${c.entries.map(entry).join(', ')}; ${c.totalMs.toFixed(0)} ms in all`;
}

/**
 * Where the wasm epoch goes (issue 21 item 4), measured by hand with
 * workers/training/profile/mlp-epoch.profile.test.ts (tfjs-backend-wasm 4.22, SIMD, one thread, in
 * Node; 2026-12-07 on the 2-core machine under a load of ~11, so shares, not times, are the point).
 * Not measured by this run: run the profile again after a change to the network's code.
 */
const MLP_WASM_PROFILE =
  'profile of one epoch (3 runs, wasm SIMD 1 thread): the gradient (forward + backward, ~80 tfjs ' +
  'kernels a batch) 65–75%, Adam 7–13%, our batch copy and upload 11–15%, shuffle 1–7%, the ' +
  'validation loss 1–3%, reading the loss <1%; within a step the kernels account for about half of ' +
  'its wall time (the products are XNNPACK-fast), the rest is TensorFlow.js dispatching ~80 small ops. ' +
  'No per-batch read, no tensors rebuilt per epoch: the gap left is tfjs-wasm’s per-op cost and its ' +
  'one thread in that profile (threads: the MLP wasm rows, on an isolated page)';

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`);

function tableRows(app, sk) {
  const peerRuns = sk.available ? sk.runs : [];
  const rows = [];
  const row = (work, appMs, peerMs, note = '', goal = null) => rows.push({ work, appMs, peerMs, note, goal });
  const lr = app.logistic;
  // The 1-thread peer: the like-for-like one for the TypeScript models and tfjs-wasm's one thread.
  const onePeer = peerRuns.find((r) => r.threads === 1) ?? null;
  row(
    `logistic regression, per iteration (app: Newton, ${lr.iterations} steps; scikit-learn: L-BFGS, ${peerRuns.map((r) => r.logistic.iterations).join('/') || '?'} iterations)`,
    lr.stepMs,
    peerRuns.map((r) => r.logistic.fitMs / r.logistic.iterations),
  );
  const steps = lr.stepMs * lr.iterations;
  row(
    'logistic regression, whole fit (app: the worker’s run, scoring included)',
    lr.runMs,
    peerRuns.map((r) => r.logistic.fitMs),
    '',
    {
      ratio: LOGISTIC_GOAL,
      inTheWay:
        `the app's ${lr.iterations} Newton steps take ${fmtMs(steps)} (${fmtMs(lr.stepMs)} each); the other ` +
        `${fmtMs(Math.max(0, lr.runMs - steps))} of its run copy the rows to the worker, check them and score every row` +
        (onePeer === null
          ? ''
          : `; scikit-learn's L-BFGS takes ${onePeer.logistic.iterations} iterations of ${fmtMs(onePeer.logistic.fitMs / onePeer.logistic.iterations)}`),
    },
  );
  for (const backend of BACKENDS) {
    const m = app.mlp[backend];
    const epochs = m.offered ? ` (${m.epochsMs.length} epoch${m.epochsMs.length === 1 ? '' : 's'})` : '';
    row(
      `MLP [${MLP.hidden.join(', ')}], batch ${MLP.batchSize}, per epoch: tfjs ${backend}${m.stoppedSlow ? epochs : ''}`,
      m.offered ? m.epochMs : null,
      peerRuns.map((r) => r.mlp.fitMs / r.mlp.epochs),
      m.offered
        ? [m.setup, m.failure, backend === 'wasm' ? MLP_WASM_PROFILE : null].filter(Boolean).join('; ')
        : `not offered: ${m.reason}`,
      // The goal is the wasm backend's (issue 21 item 4); its row's note holds the profile.
      backend === 'wasm' ? { ratio: MLP_GOAL, inTheWay: 'see the profile in this row' } : null,
    );
  }
  const one = app.wasmOneThread;
  row(
    `MLP [${MLP.hidden.join(', ')}], batch ${MLP.batchSize}, per epoch: tfjs wasm, 1 thread (same isolated page; the row above: ${app.mlp.wasm?.setup ?? 'wasm not offered'})`,
    one ? one.epochMs : null,
    peerRuns.map((r) => r.mlp.fitMs / r.mlp.epochs),
    one
      ? [one.setup, one.failure].filter(Boolean).join('; ')
      : app.isolated
        ? 'wasm not offered'
        : 'the page was not cross-origin isolated',
  );
  const c = app.calibration;
  const won = c.entries.find((e) => e.backend === c.winner);
  row(
    `auto's calibration: one training step of MLP [64, 32], batch 1,024, per backend (winner: ${c.winner ?? 'none'})`,
    won?.state === 'measured' ? won.msPerStep : null,
    [],
    `${calibrationText(c)}${app.offered.available.includes('webgpu') ? '' : `; webgpu: ${NO_WEBGPU}`}`,
  );
  row(
    `gradient-boosted trees, ${GBDT.maxIter} × ${GBDT.maxLeafNodes} leaves, fit`,
    app.gbdt.fitMs,
    peerRuns.map((r) => r.gbdt.fitMs),
    '',
    {
      ratio: GBDT_GOAL,
      inTheWay:
        `${fmtMs(app.gbdt.fitMs / GBDT.maxIter)} a round in the app (its run, scoring included: ${fmtMs(app.gbdt.runMs)})` +
        (onePeer === null ? '' : ` against ${fmtMs(onePeer.gbdt.fitMs / GBDT.maxIter)} in scikit-learn`) +
        ': histogram subtraction, row-index partitioning and typed arrays sized once are in; the rest is ' +
        'the per-round cost of one thread of TypeScript against compiled Cython (not profiled further)',
    },
  );
  return rows;
}

/** Issue 21's goals, as ratios to scikit-learn on one thread. */
const LOGISTIC_GOAL = 1.5;
const MLP_GOAL = 2;
const GBDT_GOAL = 1.5;

/** A row's goal, whether this run met it (against the 1-thread peer), and what stands in the way. */
function goalVerdict(r, peerRuns) {
  if (r.goal === null) return { goal: '—', met: '', inTheWay: '' };
  const at = peerRuns.findIndex((p) => p.threads === 1);
  const peer = at < 0 ? undefined : r.peerMs[at];
  const goal = `≤ ${r.goal.ratio}×`;
  if (r.appMs === null || peer === undefined) return { goal, met: '—', inTheWay: 'not measured in this run' };
  const ratio = r.appMs / peer;
  return ratio <= r.goal.ratio
    ? { goal, met: 'yes', inTheWay: '' }
    : { goal, met: 'no', inTheWay: `${ratio.toFixed(2)}×: ${r.goal.inTheWay}` };
}

function printTable(rows, sk, tfjsNode) {
  const peerRuns = sk.available ? sk.runs : [];
  const heads = peerRuns.map(
    (r) => `scikit-learn ${sk.sklearn}, ${r.threads} thread${r.threads === 1 ? '' : 's'} | ratio`,
  );
  console.log('');
  console.log(
    `| training, ${TRAIN_ROWS.toLocaleString('en-US')} × ${COLUMNS} | app (worker, Chromium) | ${heads.join(' | ')} | goal (against 1 thread) | met | what stands in the way |`,
  );
  console.log(`| --- | --- |${' --- | --- |'.repeat(peerRuns.length)} --- | --- | --- |`);
  for (const r of rows) {
    const app = [r.appMs === null ? '' : fmtMs(r.appMs), r.note].filter(Boolean).join('; ');
    const peers = r.peerMs.map(
      (p) => `${fmtMs(p)} | ${r.appMs === null ? '' : `${(r.appMs / p).toFixed(2)}×`}`,
    );
    const verdict = goalVerdict(r, peerRuns);
    console.log(
      `| ${r.work} | ${app} | ${peers.join(' | ')} | ${verdict.goal} | ${verdict.met} | ${verdict.inTheWay} |`,
    );
  }
  if (!sk.available) console.log(`| scikit-learn | not available: ${sk.reason} | |`);
  console.log(
    `| tfjs-node (peer for the MLP) | ${tfjsNode.available ? fmtMs(tfjsNode.epochMs) + ' per epoch' : tfjsNode.reason} |${' |'.repeat(peerRuns.length * 2)}`,
  );
}

/** Runs the training bench; returns what results.json keeps under `training`. */
/** Serves the bench page built in `siteDir` on the bench's port while `work(url)` runs. */
export async function onPage(root, siteDir, work, { isolated = false } = {}) {
  const server = await preview({
    configFile: false,
    root: join(root, 'bench', 'page'),
    logLevel: 'warn',
    build: { outDir: siteDir },
    // `isolated`: COOP/COEP from the bench's own server, as the app's service worker adds them
    // (workers/service-worker/isolation.ts): the page is cross-origin isolated, wasm may use threads.
    preview: {
      port: PORT,
      strictPort: true,
      host: '127.0.0.1',
      ...(isolated
        ? {
            headers: {
              'Cross-Origin-Opener-Policy': 'same-origin',
              'Cross-Origin-Embedder-Policy': 'require-corp',
            },
          }
        : {}),
    },
  });
  try {
    return await work(`http://127.0.0.1:${PORT}/`);
  } finally {
    await server.close();
  }
}

export async function trainingBench(root) {
  const dataDir = join(root, 'bench', 'data', ...(SMOKE ? ['smoke'] : []));
  const dataPath = join(dataDir, `train-${ROWS}x${COLUMNS}.f32`);
  const siteDir = join(root, 'bench', 'out', ...(SMOKE ? ['smoke'] : []), 'training-site');
  mkdirSync(dataDir, { recursive: true });
  generateData(dataPath);
  await buildPage(root, siteDir, { 'data.f32': dataPath });
  console.log(
    `training data: ${TRAIN_ROWS.toLocaleString('en-US')} rows × ${COLUMNS} (+ ${VALIDATION_ROWS.toLocaleString('en-US')} validation rows), ${dataPath}`,
  );
  const app = await onPage(root, siteDir, browserRuns, { isolated: true });
  const sk = await sklearnPeer(root, dataPath);
  const tfjsNode = await tfjsNodePeer(dataPath, shape, MLP);
  const rows = tableRows(app, sk);
  printTable(rows, sk, tfjsNode);
  const losses = [
    `logistic ${app.logistic.validationLogLoss.toFixed(4)}`,
    `gbdt ${app.gbdt.validationLogLoss.toFixed(4)}`,
    ...BACKENDS.filter((b) => app.mlp[b].offered).map(
      (b) => `mlp/${b} ${app.mlp[b].validationLogLoss?.toFixed(4) ?? '- (no scores)'}`,
    ),
  ];
  console.log(`\n${NOTES}`);
  console.log(
    `\nValidation log-loss (${VALIDATION_ROWS.toLocaleString('en-US')} rows), app: ${losses.join(', ')}`,
  );
  for (const r of sk.available ? sk.runs : []) {
    console.log(
      `scikit-learn, ${r.threads} thread(s): logistic ${r.logistic.validationLogLoss.toFixed(4)}, gbdt ${r.gbdt.validationLogLoss.toFixed(4)}, mlp ${r.mlp.validationLogLoss.toFixed(4)} (${r.mlp.dtype})`,
    );
  }
  return {
    date: new Date().toISOString(),
    data: { trainRows: TRAIN_ROWS, validationRows: VALIDATION_ROWS, columns: COLUMNS, seed: SEED },
    specs: { logistic: LOGISTIC, mlp: MLP, gbdt: GBDT },
    backends: app.offered,
    app,
    sklearn: sk,
    tfjsNode,
    results: rows.map((r) => ({
      ...r,
      ratios: r.appMs === null ? [] : r.peerMs.map((p) => r.appMs / p),
      verdict: goalVerdict(r, sk.available ? sk.runs : []),
    })),
    notes: NOTES,
  };
}
