// The one deadline runner for Kafka requests: a promise that settles with the work's result or,
// once the time is up, with the caller's error, and never leaves a timer behind.

/**
 * Resolves or rejects as `work` does, unless `ms` pass first: then rejects with `onTimeout()`.
 * The timer is cleared either way, so a finished request keeps no process alive.
 */
export function runWithDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
