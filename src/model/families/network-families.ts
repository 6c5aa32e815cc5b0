import { initialParameters } from "../../core/init.js";
import { FREE_CONSTRAINTS, MIANN_CONSTRAINTS, parameterLayout } from "../../core/layout.js";
import { UserError } from "../../util/errors.js";
import { NetworkModel } from "../network-model.js";
import { createRegressionModel, regressionParameterCount } from "../regression.js";
import { scalingFromData, unitScaling } from "../scaling.js";
import type { Model, ModelSpec, Scaling } from "../types.js";
import type { ModelFamily } from "./family.js";

/**
 * The families of the paper: the MIANN (input-convex network of E, identity input map, the ∇N(0)
 * correction), the unconstrained potential baseline (the same network, every weight free), and
 * the regression baseline (a plain strain → stress network, no potential).
 */

const identity = (spec: ModelSpec): ModelSpec => ({
  kind: spec.kind,
  inputDim: spec.inputDim,
  hidden: [...spec.hidden],
});

function networkFamily(kind: "miann" | "potential"): ModelFamily {
  const constraints = kind === "miann" ? MIANN_CONSTRAINTS : FREE_CONSTRAINTS;
  return {
    kind,
    summary:
      kind === "miann"
        ? "input-convex network of the Green–Lagrange strain: fabric-like, tension-dominated, anisotropic materials"
        : "the same network with every weight free (the paper's unconstrained potential baseline)",
    validate: () => {},
    normalise: identity,
    parameterCount: (spec) => parameterLayout(spec.inputDim, spec.hidden, constraints).size,
    create(spec: ModelSpec, scaling: Scaling, options: { seed: number; params?: Float64Array }): Model {
      const layout = parameterLayout(spec.inputDim, spec.hidden, constraints);
      if (options.params && options.params.length !== layout.size) {
        throw new UserError(
          `a ${kind} ${spec.hidden.join("-")} model with d = ${spec.inputDim} has ${layout.size} parameters, got ${options.params.length}`,
        );
      }
      const p = options.params ?? initialParameters(layout, { seed: options.seed, convex: kind === "miann" });
      return new NetworkModel(spec, p, scaling);
    },
    scalingFromData: (spec, strain, stress, n, mask) =>
      scalingFromData(strain, stress, n, spec.inputDim, mask),
    unitScaling: (spec) => unitScaling(spec.inputDim),
    byConstruction: {
      C1: "stress is the gradient of the energy by construction",
      C2: "the energy is a function of E by construction",
      C3:
        kind === "miann"
          ? "the energy is convex in E by construction (input-convex network), so C is PSD everywhere"
          : undefined,
      C4: "s(0) = 0 and W(0) = 0 by construction (the ∇N(0) correction)",
    },
    stability: "psd-tangent",
    nonNegativeEnergy: kind === "miann",
    quadraticTerm: true,
    fallbackReferenceLaw: "fabric",
    networkKernels: true,
  };
}

export const miannFamily = networkFamily("miann");
export const potentialFamily = networkFamily("potential");

export const regressionFamily: ModelFamily = {
  kind: "regression",
  summary: "a plain strain → stress network (the paper's regression baseline: no potential)",
  validate: () => {},
  normalise: identity,
  parameterCount: (spec) => regressionParameterCount(spec.inputDim, spec.hidden),
  create(spec, scaling, options) {
    const model = createRegressionModel(spec, undefined, scaling, options.seed);
    const { params } = options;
    if (params) {
      if (params.length !== model.params.length) {
        throw new UserError(
          `a regression ${spec.hidden.join("-")} model with d = ${spec.inputDim} has ${model.params.length} parameters, got ${params.length}`,
        );
      }
      model.params.set(params);
    }
    return model;
  },
  scalingFromData: (spec, strain, stress, n, mask) => scalingFromData(strain, stress, n, spec.inputDim, mask),
  unitScaling: (spec) => unitScaling(spec.inputDim),
  byConstruction: {
    C1: undefined,
    C2: "the stress is a function of E by construction",
    C3: undefined,
    C4: undefined,
  },
  stability: "psd-tangent",
  nonNegativeEnergy: false,
  quadraticTerm: false,
  fallbackReferenceLaw: "fabric",
  exportRefusal:
    'a "regression" model has no energy potential, so it cannot be exported as a material law (expected kind "miann" or "potential")',
  networkKernels: false,
};
