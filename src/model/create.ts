import { initialParameters } from "../core/init.js";
import { parameterLayout } from "../core/layout.js";
import { UserError } from "../util/errors.js";
import { NetworkModel } from "./network-model.js";
import { createRegressionModel } from "./regression.js";
import type { Model, ModelKind, ModelSpec, Scaling } from "./types.js";

export const MODEL_KINDS: readonly ModelKind[] = ["miann", "potential", "regression"];

/** Checks a spec and a scaling a user (or a file) supplied; UserError with what was expected. */
export function validateSpec(spec: ModelSpec, scaling: Scaling): void {
  if (!MODEL_KINDS.includes(spec.kind)) {
    throw new UserError(`unknown model kind "${spec.kind}" (expected one of ${MODEL_KINDS.join(", ")})`);
  }
  if (!Number.isInteger(spec.inputDim) || spec.inputDim < 1) {
    throw new UserError(`input dimension must be a positive integer, got ${spec.inputDim}`);
  }
  if (spec.hidden.length < 1 || !spec.hidden.every((w) => Number.isInteger(w) && w >= 1)) {
    throw new UserError(
      `hidden widths must be one or more positive integers, got "${spec.hidden.join(",")}"`,
    );
  }
  const D = scaling.strainScale;
  if (D.length !== spec.inputDim || !D.every((v) => Number.isFinite(v) && v > 0)) {
    throw new UserError(
      `strain scale must hold ${spec.inputDim} positive finite numbers, got [${D.join(", ")}]`,
    );
  }
  if (!(Number.isFinite(scaling.stressScale) && scaling.stressScale > 0)) {
    throw new UserError(`stress scale must be a positive finite number, got ${scaling.stressScale}`);
  }
}

/**
 * Builds a model of any kind from its spec: "miann" and "potential" are NetworkModel, "regression"
 * the plain strain→stress network of src/model/regression.ts. Without `params`, the parameters are
 * the seeded initialisation; with them, their count must fit the spec (UserError otherwise).
 */
export function createModel(
  spec: ModelSpec,
  options: { seed: number; scaling: Scaling; params?: Float64Array },
): Model {
  validateSpec(spec, options.scaling);
  const { params, scaling, seed } = options;
  if (spec.kind === "regression") {
    const model = createRegressionModel(spec, undefined, scaling, seed);
    if (params) {
      if (params.length !== model.params.length) {
        throw new UserError(
          `a regression ${spec.hidden.join("-")} model with d = ${spec.inputDim} has ${model.params.length} parameters, got ${params.length}`,
        );
      }
      model.params.set(params);
    }
    return model;
  }
  const layout = parameterLayout(spec.inputDim, spec.hidden);
  if (params && params.length !== layout.size) {
    throw new UserError(
      `a ${spec.kind} ${spec.hidden.join("-")} model with d = ${spec.inputDim} has ${layout.size} parameters, got ${params.length}`,
    );
  }
  const p = params ?? initialParameters(layout, { seed, convex: spec.kind === "miann" });
  return new NetworkModel(spec, p, scaling);
}
