import { AppError } from '../../lib/errors';
import type { CellOutput, CellRunner } from '../types';

export const runTrain: CellRunner<'train'> = (): Promise<CellOutput> =>
  Promise.reject(new AppError('internal', 'Training is being built.'));
