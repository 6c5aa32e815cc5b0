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
  /** n × d */
  stress: Float64Array;
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
}
