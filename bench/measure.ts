/**
 * Timing that holds up on a shared machine with two noisy cores: warm-up runs first (so V8 has
 * optimised the code being timed), then several repetitions, and the median of them is reported
 * (one descheduled repetition moves a mean, not a median).
 */
export interface Repetitions {
  warmup: number;
  reps: number;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Milliseconds `run` takes, once. */
export function timeOnce(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** Median milliseconds of `run`, after the warm-up runs. */
export function medianMs(run: () => void, { warmup, reps }: Repetitions): number {
  for (let i = 0; i < warmup; i++) run();
  return median(Array.from({ length: reps }, () => timeOnce(run)));
}

/**
 * Median milliseconds per call of `run` for calls too short to time one by one: each repetition
 * times a batch of `batch` calls. `run` gets the call number, e.g. to vary a seed.
 */
export function medianMsPerCall(run: (i: number) => void, batch: number, repetitions: Repetitions): number {
  const runBatch = () => {
    for (let i = 0; i < batch; i++) run(i);
  };
  return medianMs(runBatch, repetitions) / batch;
}
