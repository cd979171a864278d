import { yieldToMain } from '../../lib/yield';

/**
 * Charts take turns, one drawing per task (issue 21, nothing blocks typing): a view that shows
 * five Plot charts at once (the evaluate cell's, or every chart of a case when Plot's chunk
 * arrives) would otherwise draw them all in one task of a few hundred ms. Each waits for the page
 * (`yieldToMain`: a keystroke and its paint go first), then gets its turn, in the order asked.
 */
const waiting: (() => void)[] = [];
let draining = false;

async function drain(): Promise<void> {
  draining = true;
  try {
    while (waiting.length > 0) {
      await yieldToMain();
      waiting.shift()?.();
    }
  } finally {
    draining = false;
  }
}

/**
 * Calls `turn` in a task of its own, after the turns asked for before it; returns the function
 * that gives the turn up (a chart removed before it was drawn).
 */
export function awaitDrawingTurn(turn: () => void): () => void {
  waiting.push(turn);
  if (!draining) void drain();
  return () => {
    const at = waiting.indexOf(turn);
    if (at >= 0) waiting.splice(at, 1);
  };
}
