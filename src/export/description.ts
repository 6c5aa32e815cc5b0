import { parameterLayout } from "../core/layout.js";
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

/**
 * Everything an exporter prints, in one place, so that every target (C, Fortran, PyTorch, NumPy)
 * evaluates the same thing:
 *   - head: the map from Voigt strain x (length strainDim) to the network input; for the MIANN
 *     the scaled strain x' = x / D;
 *   - network: the one shared network Ñ of the input (hidden widths, per-group constraints,
 *     α, β and, for the MIANN, the convex quadratic term x'ᵀAᵀAx');
 *   - tail: the corrections after the network; for the MIANN the zero-strain correction and the
 *     stress scale κ: s = κ D⁻¹(∇Ñ(x') − ∇Ñ(0)), C = κ D⁻¹∇²Ñ D⁻¹, W = κ(Ñ(x') − Ñ(0) − ∇Ñ(0)·x').
 * (docs/theory.md, sections "The input-convex network" and "Scaling".)
 */
export interface ExportDescription {
  /** the model's name as written in the file (untrusted; pass through safeText before printing) */
  name: string;
  kind: ExportableModel["kind"];
  /** Voigt dimension d of strain and stress */
  strainDim: number;
  head: { map: "scaled-strain"; strainScale: Float64Array };
  network: {
    /** width of the network input (d for the MIANN) */
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
  tail: { correction: "zero-strain-gradient"; stressScale: number };
  /** the flat parameter vector (a copy), order of src/core/layout.ts */
  params: Float64Array;
}

/** The export description of a MIANN or potential model (checks the parameter count). */
export function describeModel(model: ExportableModel): ExportDescription {
  const d = model.inputDim;
  const layout = parameterLayout(d, model.hidden);
  const p = model.params;
  const label = `model "${model.name.slice(0, 40)}"`;
  if (p.length !== layout.size) {
    throw new UserError(
      `${label}: ${p.length} parameters, expected ${layout.size} for input dimension ${d} and hidden widths ${model.hidden.join("-")}`,
    );
  }
  const positive = model.kind === "miann";
  const alpha = p[layout.alpha];
  const beta = p[layout.beta];
  if (positive && alpha === 0) throw new UserError(`${label}: alpha is 0`);
  if (beta === 0) throw new UserError(`${label}: beta is 0`);
  const groups: ExportGroup[] = [];
  const add = (name: string, shape: number[], offset: number, constrained: boolean) => {
    const size = shape.reduce((a, b) => a * b, 1);
    groups.push({
      name,
      shape,
      offset,
      constraint: constrained ? "positive" : "free",
      values: p.slice(offset, offset + size),
    });
  };
  const h = model.hidden;
  add("W1", [h[0], d], layout.W1, false);
  add("b1", [h[0]], layout.b1, false);
  layout.layers.forEach((l, i) => {
    add(`Q${i + 2}`, [l.width, l.inputWidth], l.Q, positive);
    add(`b${i + 2}`, [l.width], l.b, false);
    add(`S${i + 2}`, [l.width, d], l.S, false);
  });
  add("qOut", [h[h.length - 1]], layout.qOut, positive);
  add("A", [d, d], layout.A, false);
  add("alpha", [], layout.alpha, false);
  add("beta", [], layout.beta, false);
  return {
    name: model.name,
    kind: model.kind,
    strainDim: d,
    head: { map: "scaled-strain", strainScale: Float64Array.from(model.strainScale) },
    network: {
      inputWidth: d,
      hidden: [...h],
      groups,
      paramCount: layout.size,
      alpha,
      beta,
      quadratic: true,
    },
    tail: { correction: "zero-strain-gradient", stressScale: model.stressScale },
    params: Float64Array.from(p),
  };
}

/** The group of a description by name (internal error when it is missing). */
export function group(desc: ExportDescription, name: string): ExportGroup {
  const g = desc.network.groups.find((x) => x.name === name);
  if (!g) throw new Error(`internal: the export description has no group ${name}`);
  return g;
}
