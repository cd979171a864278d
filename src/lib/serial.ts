/** Runs async tasks one at a time, in the order they were queued. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    // The queue goes on whether the task failed or not; the caller sees the failure.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
