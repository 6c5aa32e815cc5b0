/** the homogeneous tests a laboratory publishes (docs/theory.md, section "Test curves") */
export type TestMode = "uniaxial" | "equibiaxial" | "pure-shear" | "biaxial" | "simple-shear" | "principal";

/**
 * One measured point of a test curve, as the lab gave it (stretches and nominal stress P, the
 * force over the reference cross-section); a stress not measured is absent. `principal` is the
 * compressible path: three principal stretches (a 3D state, d = 6).
 */
export interface TestPoint {
  mode: TestMode;
  /** which curve the point belongs to (the file, or the file and mode of a long file) */
  curve: string;
  lambda1: number;
  lambda2: number;
  lambda3?: number;
  P11?: number;
  P22?: number;
  P33?: number;
  /** simple shear: the shear γ (F2 = [[1, γ], [0, 1]]) and P12 */
  gamma?: number;
  P12?: number;
}

/**
 * A strain–stress dataset in the internal convention (docs/theory.md, section "Conventions"): n rows, d strain components
 * (Voigt, engineering shear) and d stress components (Voigt, second Piola–Kirchhoff, tensor shear),
 * each stored row-major in one Float64Array.
 */
export interface Dataset {
  /** Voigt dimension d */
  dim: number;
  /** number of rows */
  n: number;
  /** n × d */
  strain: Float64Array;
  /** n × d; an unknown (not measured) entry is NaN, and `mask` is 0 there */
  stress: Float64Array;
  /**
   * n × d, 1 = known, 0 = unknown (not measured); absent = every entry known. Unknown entries are
   * left out of the loss, σ and every metric (docs/theory.md, section "Unknown stress components").
   */
  mask?: Uint8Array;
  /** column names as read or generated (e.g. E11,E22,G12 / S11,S22,S12) */
  names?: { strain: string[]; stress: string[] };
  /** where the data came from: a file path, or a description of the synthetic generator */
  source?: string;
  /** for synthetic data: the reference law's name (so reports can draw it) */
  material?: string;
  /**
   * for synthetic data made with parameters other than the law's defaults: those parameters, so that
   * createMaterial(material, materialParams) is the law the data came from
   */
  materialParams?: Record<string, unknown>;
  /**
   * set when no columns were chosen (--strain/--stress) and a table of `total` columns was read as
   * the first half strain, the second half stress: an id or temperature column then slips in
   */
  columnsByDefault?: { total: number };
  /**
   * for data read from test curves: each row's test (mode, stretches, measured nominal stress), so
   * that evaluate and report predict every test under its own boundary conditions
   */
  tests?: TestPoint[];
  /**
   * linear observations of a row's stress (simple shear: P12 = S12 + γ S22), for the rows whose
   * measurement is not a stress component itself: row, coefficients h (d) and the measured value;
   * the loss term is ((h·s − value)/σ)² with σ of the component `column` (docs/theory.md, section
   * "Test curves")
   */
  observations?: Observation[];
}

/** one measured linear combination h·s of a row's stress */
export interface Observation {
  row: number;
  h: number[];
  value: number;
  /** the stress component whose σ weighs this observation (S12 for a simple-shear P12) */
  column: number;
}
