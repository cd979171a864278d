import type { TrainingDataset, TrainProgressEvent, TrainRequest } from './api';

/** One training inside the worker: the request, with the arrays of the dataset it names. */
export type TrainJob = Omit<TrainRequest, 'datasetId'> & Omit<TrainingDataset, 'datasetId'>;

/** Where a training reports its progress (its final event is what it returns). */
export type Progress = (event: TrainProgressEvent) => void;
