export * from './value';
export * from './regression-cost';
