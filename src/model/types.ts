import type { Material } from "../core/material.js";

/**
 * The model kinds: the three the paper compares ("miann", the default, and its baselines) and the
 * polyconvex family of invariants (src/model/families/).
 */
export type ModelKind = "miann" | "potential" | "regression" | "polyconvex";

/** the polyconvex family's variants: compressible 3D (d = 6) or incompressible membrane (d = 3) */
export type ModelVariant = "compressible" | "membrane";

export interface ModelSpec {
  kind: ModelKind;
  /** Voigt dimension d of strain and stress */
  inputDim: number;
  /** hidden widths, e.g. [16, 16, 8] */
  hidden: number[];
  /** polyconvex only: the variant (default: from d, 6 → compressible, 3 → membrane) */
  variant?: ModelVariant;
  /**
   * polyconvex only: ‖F‖ = √I1 and ‖cof F‖ = √I2 as two more network inputs (still polyconvex;
   * lets the network follow energies growing slower than I1, such as Ogden rubber). Default false.
   */
  norms?: boolean;
}

/**
 * Scaling (docs/theory.md, section "Scaling"): the network sees x' = x / D (per component) and N(x) = κ Ñ(x'), so
 * s = κ D⁻¹ ∇Ñ and C = κ D⁻¹ ∇²Ñ D⁻¹. The regression baseline uses the same D and κ:
 * s = κ D⁻¹ net(x'). Every result a user sees is in physical units.
 */
export interface Scaling {
  /** D, length d, positive */
  strainScale: number[];
  /** κ, positive */
  stressScale: number;
  /**
   * polyconvex only: δ, one positive scale per network input (invariant), y' = y/δ. The
   * invariants are computed from the physical strain (D = 1 for this family).
   */
  inputScale?: number[];
}

/** One record of the loss history kept with a trained model. */
export interface HistoryEntry {
  /** the epoch, counted from 1 (files of earlier versions counted from 0) */
  epoch: number;
  /** training loss (σ-normalised, docs/theory.md, section "The loss") */
  train: number;
  /** validation loss, when a validation split exists */
  val?: number;
  /** learning rate in force (Adam), if any */
  lr?: number;
  /** seconds since the start of training (files of earlier versions; no longer written) */
  seconds?: number;
  /** which optimiser produced this entry */
  optimizer?: string;
}

/** Error metrics of one split, per stress component. */
export interface SplitMetrics {
  count: number;
  rmse: number[];
  /** RMSE / σ_k (σ of the training set) */
  relRmse: number[];
  r2: number[];
}

/** What training leaves in the model file. Everything is optional for imported weights. */
export interface TrainingRecord {
  /** the settings the trainer ran with (optimizer, epochs, lr, seed, split, ...) */
  settings: Record<string, unknown>;
  /** σ per stress component over the training split */
  sigma: number[];
  history: HistoryEntry[];
  metrics?: { train?: SplitMetrics; val?: SplitMetrics; test?: SplitMetrics };
  /** where the data came from (file name, row count, reference law if synthetic) */
  data?: Record<string, unknown>;
  /** wall-clock seconds of training (files of earlier versions; no longer written) */
  seconds?: number;
  /** epoch (from 1) after which the kept (best validation) parameters were found */
  bestEpoch?: number;
}

/**
 * A model of any kind: a Material in physical units, whose flat parameter vector an optimiser
 * can move. Training mutates `params` in place.
 */
export interface Model extends Material {
  readonly spec: ModelSpec;
  readonly params: Float64Array;
  readonly scaling: Scaling;
  /**
   * The σ-normalised loss on physical data (strain n×d, stress n×d) and its exact gradient with
   * respect to `params`, written into `grad`. Returns the loss.
   * `mask` (n×d, 1 = known, 0 = unknown): L = Σ w ((s − t)/σ)² / Σ w over the known entries only;
   * an unknown stress entry is never read (it may be NaN); Σ w = 0 gives 0 and a zero gradient.
   */
  lossAndGradient(
    strain: Float64Array,
    stress: Float64Array,
    n: number,
    sigma: Float64Array,
    grad: Float64Array,
    mask?: Uint8Array,
  ): number;
  /**
   * The stress of n points as evaluate() gives it, computed on another thread while the caller goes
   * on (optional; the trainer's validation during the next epoch). The parameters and strains are
   * read now; the returned function waits and writes the stress (n×d) into `stress`. Undefined when
   * no thread is free now: then call evaluate().
   */
  evaluateStressLater?(strain: Float64Array, n: number, stress: Float64Array): (() => void) | undefined;
}
