import os from "node:os";

/**
 * The default number of kernel threads, Node side: min(2, cores). (The browser side,
 * threads.browser.ts, is 1: the playground trains on one thread.)
 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, os.availableParallelism()));
}
