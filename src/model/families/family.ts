import type { Model, ModelKind, ModelSpec, Scaling } from "../types.js";

/** How a family's material stability (guarantee C3) is checked. */
export type StabilityCheck =
  /** C = ∂S/∂E positive semidefinite (energy convex in E) */
  | "psd-tangent"
  /** the acoustic tensor positive semidefinite for every F and direction (rank-one convexity) */
  | "ellipticity";

/**
 * A model family: what a kind of model is and guarantees, asked by the code around it (create,
 * file, check, train, export) instead of switching on the kind. A family is its input map and
 * correction terms over the one shared network kernel (or, for the regression baseline, its own
 * network); each family's file says which.
 */
export interface ModelFamily {
  readonly kind: ModelKind;
  /** one line: what this family is for */
  readonly summary: string;
  /** Throws a UserError when the spec does not fit the family (dimension, variant). */
  validate(spec: ModelSpec): void;
  /** the spec as the family stores it (e.g. the variant made explicit) */
  normalise(spec: ModelSpec): ModelSpec;
  /** number of parameters of a model of this spec */
  parameterCount(spec: ModelSpec): number;
  /** a model from its spec and scaling: seeded initial parameters, or the given ones */
  create(spec: ModelSpec, scaling: Scaling, options: { seed: number; params?: Float64Array }): Model;
  /** the scaling of this family from training data (strain and stress n × d) */
  scalingFromData(
    spec: ModelSpec,
    strain: Float64Array,
    stress: Float64Array,
    n: number,
    mask?: Uint8Array,
  ): Scaling;
  /** the identity scaling, for imported weights */
  unitScaling(spec: ModelSpec): Scaling;
  /** what holds by construction for C1–C4, in one line each (shown by `miann check`) */
  readonly byConstruction: Readonly<Record<"C1" | "C2" | "C3" | "C4", string | undefined>>;
  /** how C3 is checked; undefined: not guaranteed (checked as a PSD tangent, expected to fail) */
  readonly stability: StabilityCheck;
  /** whether the energy is ≥ 0 by construction (checked as part of C4) */
  readonly nonNegativeEnergy: boolean;
  /** whether the model has a quadratic term xᵀAᵀAx (the training diagnostic of docs/theory.md) */
  readonly quadraticTerm: boolean;
  /**
   * the membrane law `miann fe` compares a model of this family with when its file records no
   * training law (undefined: the model itself, e.g. a rubber law in MPa next to which the fabric's
   * N/m would set an absurd default pressure)
   */
  readonly fallbackReferenceLaw?: string;
  /** why `miann export` cannot write this family (undefined: it can) */
  readonly exportRefusal?: string;
  /** whether the fast kernels apply (WebAssembly network kernels) */
  readonly networkKernels: boolean;
  /**
   * training defaults measured for this family (the trainer's and the CLI's defaults otherwise);
   * README, "When to choose which family", gives the numbers behind them
   */
  readonly training?: {
    readonly hidden?: readonly number[];
    readonly optimizer?: "adam" | "lbfgs" | "adam+lbfgs";
    readonly batch?: number;
    readonly epochs?: number;
    readonly adamFraction?: number;
    /** polyconvex: feed ‖F‖ and ‖cof F‖ too */
    readonly norms?: boolean;
  };
}
