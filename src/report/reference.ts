import type { Material } from "../core/material.js";
import { createMaterial, materialInfo, materialNames } from "../data/materials/index.js";

/** A known reference law of src/data/materials, with the stress unit its data is in. */
export interface ReferenceLaw {
  name: string;
  material: Material;
  /** N/m for membranes (d = 3), Pa for solids (d = 6) */
  stressUnit: string;
}

/**
 * The data's reference law, when the data is synthetic and its law is one of
 * src/data/materials with the models' dimension; undefined otherwise.
 */
export function referenceLaw(
  name: string | undefined,
  dim: number,
  params?: Record<string, unknown>,
): ReferenceLaw | undefined {
  if (name === undefined || !materialNames().includes(name)) return undefined;
  const info = materialInfo(name);
  if (info.dim !== dim) return undefined;
  // the rubber sheets' parameters are in MPa (stress of the sheet's material), the other membranes N/m
  const mpa = info.parameters.some((p) => p.unit === "MPa");
  return {
    name,
    material: createMaterial(name, params),
    stressUnit: mpa ? "MPa" : info.dim === 3 ? "N/m" : "Pa",
  };
}
