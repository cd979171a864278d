/**
 * The columns of a predictions table, in order: one row per run and validation row, as a train
 * cell writes it and an evaluate cell reads it.
 */
export const PREDICTION_COLUMNS = ['run_id', 'run', 'role', 'row_id', 'truth', 'score'] as const;
