import type { Dataset } from "../data/dataset.js";
import type { Model } from "../model/types.js";
import { UserError } from "../util/errors.js";
import { type StopSignal, type TrainOptions, type TrainResult, trainAsync } from "./trainer.js";

/**
 * K restarts: the model built and trained with seeds seed, seed + 1, ..., seed + K − 1 (initial
 * parameters and batch order; one split, from `seed`), keeping the run with the lowest final
 * training loss (ties: the first). Deterministic: same options, same result. Small data sets fit
 * in a fraction of a second, so a few restarts buy robustness against a poor initialisation.
 */
export async function trainWithRestarts(
  make: (seed: number) => Model,
  data: Dataset,
  options: TrainOptions,
  restarts: number,
  signal: StopSignal = { aborted: false },
  onRestart?: (k: number, seed: number, result: TrainResult) => void,
): Promise<{ model: Model; result: TrainResult; losses: number[]; seed: number }> {
  if (!(Number.isInteger(restarts) && restarts >= 1)) {
    throw new UserError(`--restarts must be a positive integer, got ${restarts}`);
  }
  if (restarts > 1 && options.resume) throw new UserError("--restarts cannot be combined with --resume");
  const seed0 = options.seed ?? 1;
  let best: { model: Model; result: TrainResult; seed: number } | undefined;
  const losses: number[] = [];
  for (let k = 0; k < restarts; k++) {
    const seed = seed0 + k;
    const model = make(seed);
    const result = await trainAsync(model, data, { ...options, seed, splitSeed: seed0 }, signal);
    losses.push(result.trainLoss);
    onRestart?.(k, seed, result);
    if (!best || result.trainLoss < best.result.trainLoss) best = { model, result, seed };
    if (result.stopped === "interrupted") break;
  }
  return { ...best!, losses };
}
