// The spec lives with the document (src/notebook), as clean steps and chart specs do.
export * from '../../notebook/feature-types';
