/* The step types live with the document model (src/notebook), which stores and restores them. */
export * from '../../notebook/clean-types';
