import type { Model, ModelSpec, Scaling } from "./types.js";

/** Temporary until the training issue lands the regression baseline. */
export function createRegressionModel(
  _spec: ModelSpec,
  _params: Float64Array | undefined,
  _scaling: Scaling,
  _seed: number,
): Model {
  throw new Error("the regression baseline is not implemented yet");
}
