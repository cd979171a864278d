export { MlError, type MlErrorReason, type MaybeMetric, type UndefinedReason } from './errors';
export * from './classification';
export * from './curves';
export * from './probability';
export * from './gains';
export * from './regression';
export * from './bootstrap';
export * from './slices';
export * from './weighted';
