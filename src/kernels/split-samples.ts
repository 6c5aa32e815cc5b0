/**
 * Whether n samples go over `threads` threads: at least `threshold` of them, and more than the
 * calling thread's share of a split into multiples of 4 (splitSamples).
 */
export function worthSplitting(n: number, threads: number, threshold: number): boolean {
  return threads > 1 && n >= threshold && Math.ceil(n / threads / 4) * 4 < n;
}

/**
 * Splits n samples over `threads` threads: the calling thread takes [0, own) (the return value),
 * worker w takes ranges[w] (possibly empty). Chunks are multiples of 4, the kernels' block size;
 * below `threshold` samples everything stays on the calling thread.
 */
export function splitSamples(
  n: number,
  threads: number,
  threshold: number,
  ranges: [number, number][],
): number {
  if (!worthSplitting(n, threads, threshold)) return n;
  const chunk = Math.ceil(n / threads / 4) * 4;
  const own = Math.min(n, chunk);
  for (let w = 0; w < threads - 1; w++) {
    const start = Math.min(n, own + w * chunk);
    ranges[w][0] = start;
    ranges[w][1] = Math.min(n, start + chunk);
  }
  return own;
}
