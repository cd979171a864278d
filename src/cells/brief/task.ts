import { isNumericType } from '../../data/clean/context';
import { isIntegerType } from '../../data/profile/shape';
import type { Task } from '../../notebook/types';

/**
 * The task a newly chosen target suggests, from its type alone (the brief's run then checks the
 * classes): a fractional number (DOUBLE, FLOAT, DECIMAL) is a quantity to predict, so regression;
 * text or a boolean is a class, so a classification (the task stays if it already is one). An
 * integer stays as it is: 0/1 churn flags and unit counts look alike until the values are read,
 * and the brief's message then names the task to choose.
 */
export function taskForTarget(type: string, current: Task): Task {
  if (isNumericType(type) && !isIntegerType(type)) return 'regression';
  if (isNumericType(type)) return current;
  return current === 'regression' ? 'binary' : current;
}
