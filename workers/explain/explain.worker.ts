import { explainHandler } from '../../src/cells/explain/protocol';

/*
 * The explain cell's worker: permutation importance, PDP/ICE and LIME of a stored model, off the
 * page's thread. The messages and what answers them are src/cells/explain/protocol.ts (a pure
 * handler, tested in Node); this file only wires it to the worker's port.
 */
const handle = explainHandler((reply) => self.postMessage(reply));
self.addEventListener('message', (event: MessageEvent<unknown>) => {
  void handle(event.data);
});
