import * as Comlink from 'comlink';
import { browserBackend } from './backend';
import { trainingService } from './service';

/*
 * The one place TensorFlow.js meets the browser: the training service (`service.ts`) with the
 * browser's backend chooser, exposed to the page's TrainingClient.
 */
Comlink.expose(trainingService(browserBackend));
