/**
 * Names and units of strain and stress components in the Voigt order of docs/theory.md, section "Conventions"
 * (engineering shear strain, tensor shear stress).
 */

/** Strain component names for dimension d: E11, E22, 2E12 (d = 3); the six of 3D (d = 6); else x1..xd. */
export function strainNames(d: number): string[] {
  if (d === 3) return ["E11", "E22", "2E12"];
  if (d === 6) return ["E11", "E22", "E33", "2E23", "2E13", "2E12"];
  return Array.from({ length: d }, (_, k) => `x${k + 1}`);
}

/** Stress component names for dimension d: S11, S22, S12 (d = 3); the six of 3D (d = 6); else s1..sd. */
export function stressNames(d: number): string[] {
  if (d === 3) return ["S11", "S22", "S12"];
  if (d === 6) return ["S11", "S22", "S33", "S23", "S13", "S12"];
  return Array.from({ length: d }, (_, k) => `s${k + 1}`);
}

/**
 * The stress unit to print on axes: the unit recorded with the data when there is one, else the
 * unit of the data's reference law (N/m for membranes, Pa for solids), else "stress unit".
 */
export function stressUnit(recorded: string | undefined, referenceUnit: string | undefined): string {
  if (recorded !== undefined && recorded.trim() !== "") return recorded.trim();
  return referenceUnit ?? "stress unit";
}

/** The energy unit that goes with a stress unit (strain is dimensionless). */
export function energyUnit(stress: string): string {
  if (stress === "N/m") return "J/m²";
  if (stress === "Pa") return "J/m³";
  if (stress === "kPa") return "kJ/m³";
  if (stress === "MPa") return "MJ/m³";
  return stress === "stress unit" ? "stress unit" : `${stress} × strain`;
}
