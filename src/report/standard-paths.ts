/**
 * The paths the report draws stress–strain curves along: a unit direction in strain space (Voigt,
 * engineering shear) driven by the path parameter t, and the stress component plotted against it.
 * The components listed in `stressFree` are unknowns whose stress is held at 0 (a tensile test with
 * free lateral contraction); every other strain component is held at 0.
 */
export interface StandardPath {
  /** short name, e.g. "uniaxial warp" */
  name: string;
  /** strain increment per unit of the path parameter t (length d) */
  direction: number[];
  /** index of the strain component t is shown as (the x axis) */
  strainComponent: number;
  /** index of the stress component on the y axis */
  stressComponent: number;
  /** whether the path also runs in the negative direction (shear) */
  symmetric: boolean;
  /** components with zero stress (solved for their strain); none: purely strain-controlled */
  stressFree?: number[];
}

function others(d: number, k: number): number[] {
  return Array.from({ length: d }, (_, i) => i).filter((i) => i !== k);
}

function axis(d: number, ks: number[]): number[] {
  const v = new Array<number>(d).fill(0);
  for (const k of ks) v[k] = 1;
  return v;
}

/**
 * Standard paths for dimension d. Membrane (d = 3): uniaxial tension along warp (E11) and weft
 * (E22) with the other stresses 0, equibiaxial strain (E11 = E22), shear strain (2E12, both signs).
 * Solid (d = 6): uniaxial tension along 1, 2 and 3 (other stresses 0), equibiaxial strain 1–2, shear
 * strain 2E12. Any other d: one strain-controlled path along each component.
 */
export function standardPaths(d: number): StandardPath[] {
  if (d === 3) {
    return [
      {
        name: "uniaxial warp",
        direction: axis(3, [0]),
        strainComponent: 0,
        stressComponent: 0,
        symmetric: false,
        stressFree: [1, 2],
      },
      {
        name: "uniaxial weft",
        direction: axis(3, [1]),
        strainComponent: 1,
        stressComponent: 1,
        symmetric: false,
        stressFree: [0, 2],
      },
      {
        name: "equibiaxial",
        direction: axis(3, [0, 1]),
        strainComponent: 0,
        stressComponent: 0,
        symmetric: false,
      },
      { name: "shear", direction: axis(3, [2]), strainComponent: 2, stressComponent: 2, symmetric: true },
    ];
  }
  if (d === 6) {
    return [
      {
        name: "uniaxial 1",
        direction: axis(6, [0]),
        strainComponent: 0,
        stressComponent: 0,
        symmetric: false,
        stressFree: others(6, 0),
      },
      {
        name: "uniaxial 2",
        direction: axis(6, [1]),
        strainComponent: 1,
        stressComponent: 1,
        symmetric: false,
        stressFree: others(6, 1),
      },
      {
        name: "uniaxial 3",
        direction: axis(6, [2]),
        strainComponent: 2,
        stressComponent: 2,
        symmetric: false,
        stressFree: others(6, 2),
      },
      {
        name: "equibiaxial 1–2",
        direction: axis(6, [0, 1]),
        strainComponent: 0,
        stressComponent: 0,
        symmetric: false,
      },
      { name: "shear 1–2", direction: axis(6, [5]), strainComponent: 5, stressComponent: 5, symmetric: true },
    ];
  }
  return Array.from({ length: d }, (_, k) => ({
    name: `along x${k + 1}`,
    direction: axis(d, [k]),
    strainComponent: k,
    stressComponent: k,
    symmetric: true,
  }));
}

/**
 * The largest amplitude t of a path that stays inside the data's range (per component, the largest
 * |x_k| seen): the path's edge of data.
 */
export function pathAmplitude(path: StandardPath, amplitude: number[]): number {
  let t = Number.POSITIVE_INFINITY;
  for (let k = 0; k < path.direction.length; k++) {
    if (path.direction[k] !== 0) t = Math.min(t, amplitude[k] / Math.abs(path.direction[k]));
  }
  return Number.isFinite(t) && t > 0 ? t : 1;
}
