import {
  FREE_CONSTRAINTS,
  MIANN_CONSTRAINTS,
  type ParameterLayout,
  parameterLayout,
} from "../core/layout.js";
import { COMPRESSIBLE_ZERO_DIRECTION, VARIANT_DIMS } from "../model/families/invariants.js";
import { polyconvexLayout } from "../model/families/polyconvex-model.js";
import { UserError } from "../util/errors.js";
import type { ExportableModel } from "./exportable.js";

/**
 * One parameter group of the shared network as an export sees it: its name, its shape, where it
 * sits in the flat parameter vector (src/core/layout.ts) and whether the network uses it through
 * the positive map P(·) = softplus(α²·)/α² ("positive") or raw ("free").
 */
export interface ExportGroup {
  /** W1, b1, Q2, b2, S2, …, qOut, A, alpha, beta */
  name: string;
  /** [rows, cols] for matrices, [n] for vectors, [] for scalars */
  shape: number[];
  offset: number;
  constraint: "positive" | "free";
  /** the raw values (a copy), row-major */
  values: Float64Array;
}

/** The head of the MIANN and the potential baseline: x' = x / D. */
export interface ScaledStrainHead {
  map: "scaled-strain";
  strainScale: Float64Array;
}

/**
 * The head of the polyconvex family: the invariants y(x) of C = I + 2E, scaled y' = y / δ
 * (compressible: y = (I1 − 3, I2 − 3, J − 1, 1 − J); membrane: y = (I1 − 3, I2 − 3) with
 * C33 = 1/det C2), followed with `norms` by ‖F‖ − √3 = √I1 − √3 and ‖cof F‖ − √3 = √I2 − √3.
 */
export interface InvariantsHead {
  map: "invariants";
  variant: "compressible" | "membrane";
  /** whether the two norm inputs follow the base invariants (src/model/families/invariants.ts) */
  norms: boolean;
  inputScale: Float64Array;
}

/** The MIANN's tail: s = κ D⁻¹(∇Ñ(x') − ∇Ñ(0)), W = κ(Ñ(x') − Ñ(0) − ∇Ñ(0)·x'). */
export interface ZeroStrainTail {
  correction: "zero-strain-gradient";
  stressScale: number;
}

/**
 * The compressible polyconvex tail: ψ = κ(Ñ(y') − Ñ(0) − n(J − 1) + g u²), n = c'·∇Ñ(0) with
 * c' = (2, 4, 1, −1)/δ (with the norms also 1/√3, 2/√3), u = J + 1/J − 2, g = P(qGrowth; α) (group "qGrowth").
 * The membrane's tail is ψ = κ(Ñ(y') − Ñ(0)) ("energy-offset").
 */
export interface VolumetricTail {
  correction: "volumetric";
  stressScale: number;
  /** c of n = (c/δ)·∇Ñ(0) */
  zeroDirection: number[];
}

export interface EnergyOffsetTail {
  correction: "energy-offset";
  stressScale: number;
}

/**
 * Everything an exporter prints, in one place, so that every target (C, Fortran, PyTorch, NumPy)
 * evaluates the same thing:
 *   - head: the map from Voigt strain x (length strainDim) to the network input; for the MIANN
 *     the scaled strain x' = x / D, for the polyconvex family the scaled invariants;
 *   - network: the one shared network Ñ of the input (hidden widths, per-group constraints,
 *     α, β and, for the MIANN, the convex quadratic term x'ᵀAᵀAx');
 *   - tail: the corrections after the network (zero-strain correction, stress scale κ, and for
 *     the compressible polyconvex variant the normalisation on J and the growth term).
 * (docs/theory.md, sections "The input-convex network", "Scaling" and "The polyconvex family".)
 */
export interface ExportDescription {
  /** the model's name as written in the file (untrusted; pass through safeText before printing) */
  name: string;
  kind: ExportableModel["kind"];
  /** Voigt dimension d of strain and stress */
  strainDim: number;
  head: ScaledStrainHead | InvariantsHead;
  network: {
    /** width of the network input (d for the MIANN, the number of invariants otherwise) */
    inputWidth: number;
    hidden: number[];
    /** every parameter group in flat order; their sizes add up to paramCount */
    groups: ExportGroup[];
    paramCount: number;
    alpha: number;
    beta: number;
    /** whether the network adds the convex quadratic x'ᵀAᵀAx' (group "A") */
    quadratic: boolean;
  };
  tail: ZeroStrainTail | VolumetricTail | EnergyOffsetTail;
  /** the flat parameter vector (a copy), order of src/core/layout.ts */
  params: Float64Array;
}

/** The shape of a layout group by its name ([] scalar, [n] vector, [rows, cols] matrix). */
function groupShape(name: string, layout: ParameterLayout): number[] {
  const m = layout.inputDim;
  const h = layout.hidden;
  if (name === "W1") return [h[0], m];
  if (name === "b1") return [h[0]];
  if (name === "qOut") return [h[h.length - 1]];
  if (name === "A") return [m, m];
  const layer = /^([QbS])(\d+)$/.exec(name);
  if (layer) {
    const l = Number(layer[2]);
    if (layer[1] === "Q") return [h[l - 1], h[l - 2]];
    if (layer[1] === "b") return [h[l - 1]];
    return [h[l - 1], m];
  }
  return [];
}

/** The export description of a model (checks the parameter count and the scales). */
export function describeModel(model: ExportableModel): ExportDescription {
  const d = model.inputDim;
  const label = `model "${model.name.slice(0, 40)}"`;
  const polyconvex = model.kind === "polyconvex";
  let variant: "compressible" | "membrane" = "compressible";
  if (polyconvex) {
    variant = model.variant ?? (d === 3 ? "membrane" : "compressible");
    if (VARIANT_DIMS[variant].d !== d) {
      throw new UserError(
        `${label}: the ${variant} polyconvex variant needs d = ${VARIANT_DIMS[variant].d}, got ${d}`,
      );
    }
  }
  const layout = polyconvex
    ? polyconvexLayout(variant, model.hidden, model.norms === true)
    : parameterLayout(d, model.hidden, model.kind === "miann" ? MIANN_CONSTRAINTS : FREE_CONSTRAINTS);
  const p = model.params;
  if (p.length !== layout.size) {
    throw new UserError(
      `${label}: ${p.length} parameters, expected ${layout.size} for input dimension ${d} and hidden widths ${model.hidden.join("-")}`,
    );
  }
  const alpha = p[layout.alpha];
  const beta = p[layout.beta];
  const anyPositive = layout.groups.some((g) => g.constraint === "positive");
  if (anyPositive && alpha === 0) throw new UserError(`${label}: alpha is 0`);
  if (beta === 0) throw new UserError(`${label}: beta is 0`);
  const groups: ExportGroup[] = layout.groups.map((g) => ({
    name: g.name,
    shape: groupShape(g.name, layout),
    offset: g.offset,
    constraint: g.constraint,
    values: p.slice(g.offset, g.offset + g.size),
  }));
  const m = layout.inputDim;
  let head: ExportDescription["head"];
  let tail: ExportDescription["tail"];
  if (polyconvex) {
    const delta = model.inputScale ?? new Array<number>(m).fill(1);
    if (delta.length !== m || !delta.every((v) => Number.isFinite(v) && v > 0)) {
      throw new UserError(`${label}: the input scale must hold ${m} positive finite numbers`);
    }
    const norms = model.norms === true;
    head = { map: "invariants", variant, norms, inputScale: Float64Array.from(delta) };
    // B(0) = c ⊗ e; the norm rows are ∂I(0)/(2√3), as PolyconvexModel computes them
    const zeroDirection = [...COMPRESSIBLE_ZERO_DIRECTION];
    if (norms) zeroDirection.push(2 / (2 * Math.sqrt(3)), 4 / (2 * Math.sqrt(3)));
    tail =
      variant === "compressible"
        ? {
            correction: "volumetric",
            stressScale: model.stressScale,
            zeroDirection,
          }
        : { correction: "energy-offset", stressScale: model.stressScale };
  } else {
    head = { map: "scaled-strain", strainScale: Float64Array.from(model.strainScale) };
    tail = { correction: "zero-strain-gradient", stressScale: model.stressScale };
  }
  return {
    name: model.name,
    kind: model.kind,
    strainDim: d,
    head,
    network: {
      inputWidth: m,
      hidden: [...model.hidden],
      groups,
      paramCount: layout.size,
      alpha,
      beta,
      quadratic: layout.constraints.quadratic,
    },
    tail,
    params: Float64Array.from(p),
  };
}

/** The group of a description by name (internal error when it is missing). */
export function group(desc: ExportDescription, name: string): ExportGroup {
  const g = desc.network.groups.find((x) => x.name === name);
  if (!g) throw new Error(`internal: the export description has no group ${name}`);
  return g;
}
