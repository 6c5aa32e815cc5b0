import { symmetricEigenvalues } from "../core/eigen.js";
import type { Material } from "../core/material.js";
import { acousticMinima, evenDirections } from "../model/ellipticity.js";
import type { StabilityCheck } from "../model/families/family.js";

/** The fixed directions n of the ellipticity maps: in-plane (membrane) and 3D (solid). */
const MAP_DIRECTIONS = { 3: evenDirections(2, 36), 6: evenDirections(3, 64) } as const;

/** A 2D slice of strain space: components i and j vary over their ranges, every other one is 0. */
export interface StrainSlice {
  /** strain component on the x axis */
  i: number;
  /** strain component on the y axis */
  j: number;
}

/**
 * The slices the report maps: membrane (d = 3) the (E11, E22) plane and the (E11, 2E12) plane;
 * solid (d = 6) the (E11, E22) and (E11, 2E12) planes; d = 2 the plane itself; d = 1 none.
 */
export function standardSlices(d: number): StrainSlice[] {
  if (d === 3)
    return [
      { i: 0, j: 1 },
      { i: 0, j: 2 },
    ];
  if (d === 6)
    return [
      { i: 0, j: 1 },
      { i: 0, j: 5 },
    ];
  if (d >= 2) return [{ i: 0, j: 1 }];
  return [];
}

/** Grid sample points of a slice: xs (length nx) and ys (length ny), and the strains (nx·ny × d). */
export interface SliceGrid {
  xs: Float64Array;
  ys: Float64Array;
  /** row-major over (y, x): point p = j·nx + i has strain component slice.i = xs[i], slice.j = ys[j] */
  strain: Float64Array;
  n: number;
}

export function sliceGrid(
  d: number,
  slice: StrainSlice,
  xRange: [number, number],
  yRange: [number, number],
  size: number,
): SliceGrid {
  const xs = new Float64Array(size);
  const ys = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    xs[k] = xRange[0] + ((xRange[1] - xRange[0]) * k) / (size - 1);
    ys[k] = yRange[0] + ((yRange[1] - yRange[0]) * k) / (size - 1);
  }
  const n = size * size;
  const strain = new Float64Array(n * d);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const p = j * size + i;
      strain[p * d + slice.i] = xs[i];
      strain[p * d + slice.j] = ys[j];
    }
  }
  return { xs, ys, strain, n };
}

/**
 * Energy (NaN when the material has none) and the stability measure at each grid point: the
 * smallest eigenvalue of the tangent or, for ellipticity, of the acoustic tensor over the map's
 * fixed directions.
 */
export interface SliceFields {
  energy: Float64Array;
  minEigenvalue: Float64Array;
}

/**
 * Evaluates a material on a slice grid: W(x) and λ_min(sym C(x)), each only when wanted (the other
 * is NaN). A material that does not write its tangent (or its energy) leaves NaN there, and the
 * map shows nothing for it. With `measure: "ellipticity"` (d = 3 or 6) the stability field is
 * instead min over the fixed directions n of λ_min Q(F, n), the acoustic tensor of
 * docs/theory.md, section "The polyconvex family" (NaN where det C ≤ 0: no deformation).
 */
export function sliceFields(
  material: Material,
  grid: SliceGrid,
  d: number,
  want: { energy: boolean; stability: boolean; measure?: StabilityCheck } = {
    energy: true,
    stability: true,
  },
): SliceFields {
  const n = grid.n;
  const stress = new Float64Array(n * d);
  const tangent = want.stability ? new Float64Array(n * d * d).fill(Number.NaN) : undefined;
  const energy = new Float64Array(n).fill(Number.NaN);
  material.evaluate(grid.strain, n, {
    stress,
    ...(tangent ? { tangent } : {}),
    ...(want.energy && material.hasEnergy ? { energy } : {}),
  });
  const minEigenvalue = new Float64Array(n).fill(Number.NaN);
  if (!tangent) return { energy, minEigenvalue };
  if (want.measure === "ellipticity" && (d === 3 || d === 6)) {
    acousticMinima(grid.strain, stress, tangent, n, d, MAP_DIRECTIONS[d], minEigenvalue);
    return { energy, minEigenvalue };
  }
  const work = new Float64Array(d * d);
  const eigenvalues = new Float64Array(d);
  for (let p = 0; p < n; p++) {
    if (!Number.isFinite(tangent[p * d * d])) continue;
    // only the symmetric part counts for stability: xᵀ C x = xᵀ ½(C + Cᵀ) x (docs/theory.md, section "The guarantees and how check tests them", C3)
    symmetricEigenvalues(tangent, d, eigenvalues, work, p * d * d);
    minEigenvalue[p] = eigenvalues[0];
  }
  return { energy, minEigenvalue };
}
