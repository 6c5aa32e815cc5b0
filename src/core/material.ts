/**
 * The one material interface (after jaxmat): reference laws, trained models of every
 * kind and the finite-element code meet here. A material is evaluated for a batch of points at
 * once; the solver never knows whether it got a closed-form law or a network.
 *
 * Conventions (docs/theory.md, section "Conventions"): strain is the Green–Lagrange strain in Voigt order with engineering
 * shear, stress is the second Piola–Kirchhoff stress in Voigt order with tensor shear:
 *   d = 3 (plane / membrane): x = [E11, E22, 2E12],  s = [S11, S22, S12]
 *   d = 6 (3D): x = [E11, E22, E33, 2E23, 2E13, 2E12],  s = [S11, S22, S33, S23, S13, S12]
 * With this pairing s = ∂W/∂x exactly, and the tangent ∂s/∂x is symmetric for a hyperelastic law.
 */

/** Where a batched evaluation writes its results; every array is owned by the caller. */
export interface MaterialOutput {
  /** n × d, row-major: stress at each point (always written) */
  stress: Float64Array;
  /** n × d × d, row-major per point: tangent ∂s/∂x (written when present) */
  tangent?: Float64Array;
  /** n: strain energy W(x) per unit reference volume/area (written when present and hasEnergy) */
  energy?: Float64Array;
}

export interface Material {
  /** a short human-readable name, e.g. "fabric" or "miann 16-16-8" */
  readonly name: string;
  /** Voigt dimension d of strain and stress (3 membrane, 6 solid, or any d ≥ 1 for toy data) */
  readonly dim: number;
  /** whether energy() is meaningful (false for a plain regression network) */
  readonly hasEnergy: boolean;
  /**
   * Evaluates n points. `strain` is n × d row-major. Writes `out.stress`, and `out.tangent` /
   * `out.energy` when those arrays are given. Must not allocate per point.
   */
  evaluate(strain: Float64Array, n: number, out: MaterialOutput): void;
}
