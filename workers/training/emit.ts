import type { TrainEvent } from './api';

/** Reports an event and returns it, so that a step can end with `return emit(last)`. */
export type Emit = (event: TrainEvent) => TrainEvent;
