import type { SampleCase } from './types';
import { TELCO } from './telco';

export { buildSample, type SampleFile } from './build';
export type { SampleCase } from './types';

/** Every sample case, in the order the case list offers them; the first is built on a first visit. */
export const SAMPLES: readonly [SampleCase, ...SampleCase[]] = [TELCO];
