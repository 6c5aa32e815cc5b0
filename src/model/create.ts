import { UserError } from "../util/errors.js";
import { familyOf } from "./families/index.js";
import type { Model, ModelKind, ModelSpec, Scaling } from "./types.js";

export const MODEL_KINDS: readonly ModelKind[] = ["miann", "potential", "regression", "polyconvex"];

/** Checks a spec and a scaling a user (or a file) supplied; UserError with what was expected. */
export function validateSpec(spec: ModelSpec, scaling: Scaling): void {
  const family = familyOf(spec.kind);
  if (!family) {
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
  family.validate(spec);
  const D = scaling.strainScale;
  if (D.length !== spec.inputDim || !D.every((v) => Number.isFinite(v) && v > 0)) {
    throw new UserError(
      `strain scale must hold ${spec.inputDim} positive finite numbers, got [${D.join(", ")}]`,
    );
  }
  if (!(Number.isFinite(scaling.stressScale) && scaling.stressScale > 0)) {
    throw new UserError(`stress scale must be a positive finite number, got ${scaling.stressScale}`);
  }
  const delta = scaling.inputScale;
  if (delta !== undefined && !delta.every((v) => Number.isFinite(v) && v > 0)) {
    throw new UserError(`input scale must hold positive finite numbers, got [${delta.join(", ")}]`);
  }
}

/**
 * Builds a model of any kind from its spec, through its family (src/model/families/): "miann"
 * and "potential" are NetworkModel, "regression" the plain strain→stress network of
 * src/model/regression.ts, "polyconvex" the invariant network of src/model/families/. Without
 * `params`, the parameters are the seeded initialisation; with them, their count must fit the
 * spec (UserError otherwise).
 */
export function createModel(
  spec: ModelSpec,
  options: { seed: number; scaling: Scaling; params?: Float64Array },
): Model {
  validateSpec(spec, options.scaling);
  const family = familyOf(spec.kind);
  return family.create(spec, options.scaling, { seed: options.seed, params: options.params });
}
