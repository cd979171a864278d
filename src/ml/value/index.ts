export * from './value';
export * from './regression-cost';
export * from './multiclass';
