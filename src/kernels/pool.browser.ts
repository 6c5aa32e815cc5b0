import type { WorkerPool as NodePool } from "./pool.js";

export { splitSamples, worthSplitting } from "./split-samples.js";

/**
 * The worker pool, browser side: not there. The playground trains on one thread (its training
 * worker), so the kernels never ask for a pool (defaultThreads() is 1 in the browser, and the
 * page offers no other choice); asking anyway is a bug, said plainly.
 */
class NoWorkerPool {
  constructor() {
    throw new Error("miann: the browser playground runs the kernels on one thread (no worker pool)");
  }
}

export const WorkerPool = NoWorkerPool as unknown as typeof NodePool;
