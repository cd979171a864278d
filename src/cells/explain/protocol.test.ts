import { afterEach, describe, expect, it } from 'vitest';
import type { LogisticModel } from '../../ml/models';
import { mulberry32 } from '../../ml/models/prng';
import { computePart, inputsOf, validationScores, type ExplainData, type PartSpec } from './compute';
import { inProcessEndpoint, openComputer, type ExplainEndpoint } from './computer';
import { explainHandler, isReply, isRequest, type ExplainReply } from './protocol';

/*
 * The explain worker's messages, checked against the computation they stand for: a part asked
 * through the handler, in process or across a MessageChannel (structured clone, as to a real
 * worker), is the part `computePart` gives on the same data, bit for bit; progress comes before
 * the part; a cancel stops the part and a fresh computer after it works.
 */

const COLS = 3;

function matrix(rows: number, seed: number) {
  const random = mulberry32(seed);
  return { data: Float32Array.from({ length: rows * COLS }, () => random() * 4 - 2), rows, cols: COLS };
}

const MODEL: LogisticModel = {
  kind: 'logistic',
  format: 1,
  nFeatures: COLS,
  coef: [1.5, -0.8, 0.1],
  intercept: -0.2,
  C: 1,
  iterations: 5,
  converged: true,
  loss: 0.4,
  warnings: [],
};

function dataOf(rows = 300): ExplainData {
  const validation = matrix(rows, 7);
  const truth = Float64Array.from({ length: rows }, (_, i) => ((validation.data[i * COLS] ?? 0) > 0 ? 1 : 0));
  return {
    model: MODEL,
    classes: null,
    featureNames: ['a', 'b', 'c'],
    validation,
    truth,
    validationIds: Float64Array.from({ length: rows }, (_, i) => 1000 + i),
    train: matrix(400, 11),
    groups: ['a', 'b', 'c'].map((name, j) => ({ name, columns: [j], oneHot: false, levels: null })),
  };
}

const IMPORTANCE: PartSpec = { kind: 'importance', metric: 'roc_auc', repeats: 3, seed: 42 };
const LOCAL: PartSpec = { kind: 'local', rowId: 1005, seed: 42 };

/** The handler with its replies collected. */
function handler() {
  const replies: ExplainReply[] = [];
  return { handle: explainHandler((r) => replies.push(r)), replies };
}

describe('explainHandler', () => {
  it('answers a part with its progress first, then the part computePart gives', async () => {
    const data = dataOf();
    const { handle, replies } = handler();
    await handle({ type: 'load', data });
    await handle({ type: 'compute', id: 1, spec: IMPORTANCE });
    const direct = await computePart(IMPORTANCE, inputsOf(data), {});
    const last = replies.at(-1);
    expect(last).toEqual({ type: 'part', id: 1, part: direct });
    const progress = replies.slice(0, -1);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((r) => r.type === 'progress' && r.id === 1)).toBe(true);
    const done = progress.flatMap((r) => (r.type === 'progress' ? [r.done] : []));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ done: expect.any(Number), total: done.at(-1) });
  });

  it('scores the validation rows as the model does', async () => {
    const data = dataOf();
    const { handle, replies } = handler();
    await handle({ type: 'load', data });
    await handle({ type: 'score', id: 3 });
    const direct = await validationScores(inputsOf(data));
    expect(replies).toEqual([{ type: 'scores', id: 3, scores: direct }]);
    // The logistic model by hand: 1 / (1 + exp(-(w·x + b))) of the first row.
    const [x0 = 0, x1 = 0, x2 = 0] = data.validation.data;
    const first = 1 / (1 + Math.exp(-(1.5 * x0 - 0.8 * x1 + 0.1 * x2 - 0.2)));
    expect(direct[0]).toBeCloseTo(first, 6);
  });

  it('fails a request before the data, a bad spec and an unknown message, with a code', async () => {
    const { handle, replies } = handler();
    await handle({ type: 'compute', id: 1, spec: IMPORTANCE });
    await handle({ type: 'load', data: dataOf() });
    await handle({ type: 'compute', id: 2, spec: { ...IMPORTANCE, metric: 'macro_f1' } });
    await handle({ type: 'launch' });
    expect(replies).toEqual([
      { type: 'failed', id: 1, code: 'internal', message: expect.stringMatching(/before the run's data/) },
      { type: 'failed', id: 2, code: 'bad-input', message: expect.stringMatching(/"macro_f1"/) },
      { type: 'failed', id: -1, code: 'internal', message: expect.stringMatching(/does not know/) },
    ]);
  });

  it('stops a part at its next slice on cancel, and answers "cancelled"', async () => {
    const { handle, replies } = handler();
    await handle({ type: 'load', data: dataOf() });
    const computing = handle({ type: 'compute', id: 4, spec: LOCAL });
    await handle({ type: 'cancel', id: 4 });
    await computing;
    expect(replies.at(-1)).toEqual({
      type: 'failed',
      id: 4,
      code: 'cancelled',
      message: 'The explanation was cancelled.',
    });
    expect(replies.some((r) => r.type === 'part')).toBe(false);
  });

  it('tells requests and replies from other messages', () => {
    expect(isRequest({ type: 'compute', id: 1, spec: IMPORTANCE })).toBe(true);
    expect(isRequest({ type: 'compute', id: '1', spec: IMPORTANCE })).toBe(false);
    expect(isRequest({ type: 'compute', id: 1 })).toBe(false);
    expect(isRequest(null)).toBe(false);
    expect(isReply({ type: 'progress', id: 1, done: 2, total: 4 })).toBe(true);
    expect(isReply({ type: 'scores', id: 1, scores: [0.5] })).toBe(false);
    expect(isReply({ type: 'failed', id: 1, code: 'internal' })).toBe(false);
  });
});

describe('openComputer', () => {
  const ports: MessagePort[] = [];
  afterEach(() => {
    for (const port of ports.splice(0)) port.close();
  });

  /** The handler behind a MessageChannel: every message is structured-cloned, as to a worker. */
  function channelEndpoint(): ExplainEndpoint {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const handle = explainHandler((reply) => port2.postMessage(reply));
    port2.onmessage = (event: MessageEvent<unknown>) => void handle(event.data);
    return {
      post: (message) => port1.postMessage(message),
      listen(onMessage) {
        port1.onmessage = (event: MessageEvent<unknown>) => onMessage(event.data);
      },
      terminate: () => port1.close(),
    };
  }

  it('gives, across a structured clone, the parts and scores computed here', async () => {
    const data = dataOf();
    const computer = openComputer(data, new AbortController().signal, channelEndpoint);
    const progress: number[] = [];
    const importance = await computer.part(IMPORTANCE, (done) => progress.push(done));
    const local = await computer.part(LOCAL, () => {});
    const scores = await computer.scores();
    computer.close();
    const inputs = inputsOf(data);
    expect(importance).toEqual(await computePart(IMPORTANCE, inputs, {}));
    expect(local).toEqual(await computePart(LOCAL, inputs, {}));
    expect(scores).toEqual(await validationScores(inputs));
    expect(progress.length).toBeGreaterThan(0);
    await expect(computer.scores()).rejects.toMatchObject({ code: 'internal' });
  });

  it('rejects at once on cancel, ends its endpoint, and a fresh computer then works', async () => {
    const data = dataOf();
    const controller = new AbortController();
    let ended = 0;
    const endpoint = (): ExplainEndpoint => {
      const inner = inProcessEndpoint();
      const terminate = (): void => {
        ended++;
        inner.terminate();
      };
      return { ...inner, terminate };
    };
    const computer = openComputer(data, controller.signal, endpoint);
    const part = computer.part(LOCAL, () => controller.abort());
    await expect(part).rejects.toMatchObject({ code: 'cancelled' });
    expect(ended).toBe(1);
    await expect(computer.scores()).rejects.toMatchObject({ code: 'cancelled' });

    const again = openComputer(data, new AbortController().signal, endpoint);
    expect(await again.part(LOCAL, () => {})).toEqual(await computePart(LOCAL, inputsOf(data), {}));
    again.close();
  });

  it('does not start on a signal already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const computer = openComputer(dataOf(), controller.signal, inProcessEndpoint);
    await expect(computer.part(IMPORTANCE, () => {})).rejects.toMatchObject({ code: 'cancelled' });
  });
});
