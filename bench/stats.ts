/** Summary of repeated wall times (ms): min, median, max, and the count. */
export interface Timing {
  min: number;
  median: number;
  max: number;
  repeats: number;
}

export function summarize(ms: number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  return { min: s[0], median, max: s[s.length - 1], repeats: s.length };
}

/** wall milliseconds of one call */
export function timeOnce(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * Wall ms of `repeats` back-to-back calls after a warm-up of untimed calls lasting at least
 * `warmupMs` (at least one call): the steady state of a loop such as training, not the wake-up of
 * threads and cores that sat idle while another side ran.
 */
export function timeBurst(fn: () => void, repeats: number, warmupMs: number): number[] {
  const start = performance.now();
  do fn();
  while (performance.now() - start < warmupMs);
  return Array.from({ length: repeats }, () => timeOnce(fn));
}
