import * as Comlink from 'comlink';
import type { TrainingApi, TrainingTestApi } from './api';
import { browserBackend, destroyWebGpuDevice } from './backend';
import { trainingService } from './service';

/*
 * The one place TensorFlow.js meets the browser: the training service (`service.ts`) with the
 * browser's backend chooser, exposed to the page's TrainingClient. A worker whose name holds the
 * word `test-hooks` (the page's `?test-hooks`, src/app/test-hooks.ts) also answers
 * `TrainingTestApi`; any other has no such method, so the call fails.
 */
const service = trainingService(browserBackend);
const testMode = self.name.split(/\s+/).includes('test-hooks');
const testApi: TrainingTestApi = { loseDevice: destroyWebGpuDevice };
const exposed: TrainingApi | (TrainingApi & TrainingTestApi) = testMode
  ? { ...service, ...testApi }
  : service;
Comlink.expose(exposed);
