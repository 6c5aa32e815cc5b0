import { readFileSync } from "node:fs";
import { type ParameterLayout, parameterLayout } from "../core/layout.js";
import { UserError } from "../util/errors.js";
import { parseJsonText } from "../util/json.js";
import { LIMITS } from "../util/limits.js";
import type { PolyconvexVariant } from "./families/invariants.js";
import { polyconvexLayout, variantOf } from "./families/polyconvex-model.js";

/**
 * Weights trained elsewhere, in the layout of the reference fixtures (docs/theory.md, section "Reference fixtures"): a JSON object
 * with `inputDim`, `hidden` and `params` = { W1, b1, layers: [{ Q, b, S }], qOut, A, alpha, beta },
 * matrices row-major as nested arrays (W1 n1×d, Q n_l×n_{l−1}, S n_l×d, A d×d). Optional keys
 * `kind` and `scaling` = { strainScale, stressScale } (as miann's PyTorch export writes them) give
 * the model kind and the scaling x' = x/D, N = κ Ñ(x'); without them the weights act on strain in
 * the units they were trained in. Other keys are ignored.
 */
export interface NestedParams {
  W1: number[][];
  b1: number[];
  layers: { Q: number[][]; b: number[]; S: number[][] }[];
  qOut: number[];
  /** the quadratic term's A (MIANN and potential; absent for the polyconvex family) */
  A?: number[][];
  /** the polyconvex compressible variant's growth parameter (and any other family scalar) */
  qGrowth?: number;
  alpha: number;
  beta: number;
}

/** Thrown with a JSON path; callers prefix the file name. */
class ShapeError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function scalar(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ShapeError(`${path}: expected a finite number, got ${describe(v)}`);
  }
  return v;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return "null";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)}`;
  if (typeof v === "object") return "an object";
  return String(v);
}

function vector(v: unknown, n: number, path: string, out: Float64Array, offset: number): void {
  if (!Array.isArray(v))
    throw new ShapeError(`${path}: expected an array of ${n} numbers, got ${describe(v)}`);
  if (v.length !== n) throw new ShapeError(`${path}: expected ${n} entries, got ${v.length}`);
  for (let i = 0; i < n; i++) out[offset + i] = scalar(v[i], `${path}[${i}]`);
}

function matrix(
  v: unknown,
  rows: number,
  cols: number,
  path: string,
  out: Float64Array,
  offset: number,
): void {
  if (!Array.isArray(v)) {
    throw new ShapeError(`${path}: expected a ${rows}×${cols} nested array, got ${describe(v)}`);
  }
  if (v.length !== rows) throw new ShapeError(`${path}: expected ${rows} rows, got ${v.length}`);
  for (let i = 0; i < rows; i++) vector(v[i], cols, `${path}[${i}]`, out, offset + i * cols);
}

function paramsInto(layout: ParameterLayout, nested: unknown, where: string): Float64Array {
  const d = layout.inputDim;
  const h = layout.hidden;
  const out = new Float64Array(layout.size);
  if (!isObject(nested)) throw new ShapeError(`${where}: expected an object, got ${describe(nested)}`);
  matrix(nested.W1, h[0], d, `${where}.W1`, out, layout.W1);
  vector(nested.b1, h[0], `${where}.b1`, out, layout.b1);
  const layers = nested.layers ?? [];
  if (!Array.isArray(layers) || layers.length !== layout.layers.length) {
    throw new ShapeError(
      `${where}.layers: expected an array of ${layout.layers.length} layers (one per hidden layer after the first), got ${describe(layers)}`,
    );
  }
  layout.layers.forEach((l, i) => {
    const p = `${where}.layers[${i}]`;
    const layer = layers[i];
    if (!isObject(layer))
      throw new ShapeError(`${p}: expected an object { Q, b, S }, got ${describe(layer)}`);
    matrix(layer.Q, l.width, l.inputWidth, `${p}.Q`, out, l.Q);
    vector(layer.b, l.width, `${p}.b`, out, l.b);
    matrix(layer.S, l.width, d, `${p}.S`, out, l.S);
  });
  vector(nested.qOut, h[h.length - 1], `${where}.qOut`, out, layout.qOut);
  if (layout.constraints.quadratic) matrix(nested.A, d, d, `${where}.A`, out, layout.A);
  for (const name of layout.constraints.extras) {
    out[layout.extras[name]] = scalar(nested[name], `${where}.${name}`);
  }
  out[layout.alpha] = scalar(nested.alpha, `${where}.alpha`);
  out[layout.beta] = scalar(nested.beta, `${where}.beta`);
  if (out[layout.alpha] === 0) throw new ShapeError(`${where}.alpha: expected a nonzero number, got 0`);
  if (out[layout.beta] === 0) throw new ShapeError(`${where}.beta: expected a nonzero number, got 0`);
  return out;
}

/**
 * Maps parameters in the nested fixture layout to miann's flat vector (src/core/layout.ts).
 * Throws a UserError naming the JSON path (prefixed by `where`) of the first entry of the wrong
 * shape or type.
 */
export function paramsFromNested(layout: ParameterLayout, nested: unknown, where = "params"): Float64Array {
  try {
    return paramsInto(layout, nested, where);
  } catch (err) {
    if (err instanceof ShapeError) throw new UserError(err.message);
    throw err;
  }
}

/** The inverse of paramsFromNested: the flat vector as nested arrays in the fixture layout. */
export function nestedFromParams(layout: ParameterLayout, params: Float64Array): NestedParams {
  const d = layout.inputDim;
  const vec = (o: number, n: number) => Array.from(params.subarray(o, o + n));
  const mat = (o: number, r: number, c: number) => Array.from({ length: r }, (_, i) => vec(o + i * c, c));
  const h = layout.hidden;
  const nested: NestedParams = {
    W1: mat(layout.W1, h[0], d),
    b1: vec(layout.b1, h[0]),
    layers: layout.layers.map((l) => ({
      Q: mat(l.Q, l.width, l.inputWidth),
      b: vec(l.b, l.width),
      S: mat(l.S, l.width, d),
    })),
    qOut: vec(layout.qOut, h[h.length - 1]),
    ...(layout.constraints.quadratic ? { A: mat(layout.A, d, d) } : {}),
    ...(layout.extras.qGrowth !== undefined ? { qGrowth: params[layout.extras.qGrowth] } : {}),
    alpha: params[layout.alpha],
    beta: params[layout.beta],
  };
  return nested;
}

/** What an imported weights file holds: the architecture and the flat parameters. */
export interface ImportedWeights {
  inputDim: number;
  hidden: number[];
  params: Float64Array;
  /**
   * the optional `kind` key ("miann" or "potential"), as written by miann's PyTorch export;
   * "polyconvex" for weights in the polyconvex layout (kind "polyconvex", a `variant` key, or the
   * reference format "polyconvex-icnn-reference/1": W1 and S_l act on the m invariants, no A,
   * qGrowth for the compressible variant)
   */
  kind?: "miann" | "potential" | "polyconvex";
  /** polyconvex: the variant (the file's `variant`, else from inputDim: 6 compressible, 3 membrane) */
  variant?: "compressible" | "membrane";
  /** polyconvex: the file's `norms` key (true: ‖F‖ and ‖cof F‖ are inputs too, W1 is n1 × (m + 2)) */
  norms?: boolean;
  /**
   * the optional `scaling` key { strainScale (inputDim positive numbers), stressScale > 0 };
   * polyconvex: { stressScale, inputScale (m positive numbers) }, strain used physically
   */
  scaling?: { strainScale: number[]; stressScale: number; inputScale?: number[] };
  /** the optional `name` key (a string) */
  name?: string;
}

function optionalKind(v: unknown, path: string): ImportedWeights["kind"] {
  if (v === undefined) return undefined;
  if (v === "miann" || v === "potential" || v === "polyconvex") return v;
  throw new UserError(`${path}: kind: expected "miann", "potential" or "polyconvex", got ${describe(v)}`);
}

/** the polyconvex scaling key: { stressScale, inputScale? } (strain is physical for this family) */
function polyconvexScalingKey(v: unknown, d: number, m: number, path: string): ImportedWeights["scaling"] {
  if (v === undefined) return undefined;
  const positive = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x > 0;
  if (!isObject(v))
    throw new UserError(`${path}: scaling: expected { stressScale, inputScale }, got ${describe(v)}`);
  const { stressScale, inputScale } = v;
  if (!positive(stressScale)) {
    throw new UserError(
      `${path}: scaling.stressScale: expected a positive finite number, got ${describe(stressScale)}`,
    );
  }
  if (
    inputScale !== undefined &&
    (!Array.isArray(inputScale) || inputScale.length !== m || !inputScale.every(positive))
  ) {
    throw new UserError(
      `${path}: scaling.inputScale: expected ${m} positive finite numbers (one per invariant), got ${describe(inputScale)}`,
    );
  }
  return {
    strainScale: new Array<number>(d).fill(1),
    stressScale: stressScale as number,
    inputScale: inputScale ? [...(inputScale as number[])] : new Array<number>(m).fill(1),
  };
}

function optionalScaling(v: unknown, d: number, path: string): ImportedWeights["scaling"] {
  if (v === undefined) return undefined;
  const positive = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x > 0;
  if (!isObject(v))
    throw new UserError(`${path}: scaling: expected { strainScale, stressScale }, got ${describe(v)}`);
  const { strainScale, stressScale } = v;
  if (!Array.isArray(strainScale) || strainScale.length !== d || !strainScale.every(positive)) {
    throw new UserError(
      `${path}: scaling.strainScale: expected ${d} positive finite numbers (inputDim), got ${describe(strainScale)}`,
    );
  }
  if (!positive(stressScale)) {
    throw new UserError(
      `${path}: scaling.stressScale: expected a positive finite number, got ${describe(stressScale)}`,
    );
  }
  return { strainScale: [...(strainScale as number[])], stressScale: stressScale as number };
}

/**
 * Reads a weights file in the fixture layout (docs/theory.md, section "Reference fixtures"). Every problem is a UserError naming
 * the file and the JSON path.
 */
export function readWeightsFile(path: string): ImportedWeights {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UserError(
      `${path}: cannot read the weights file (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  const json = parseJsonText(text, path);
  if (!isObject(json))
    throw new UserError(`${path}: expected a JSON object with inputDim, hidden and params`);
  const { inputDim, hidden } = json;
  if (typeof inputDim !== "number" || !Number.isInteger(inputDim) || inputDim < 1) {
    throw new UserError(`${path}: inputDim: expected a positive integer, got ${describe(inputDim)}`);
  }
  if (
    !Array.isArray(hidden) ||
    hidden.length < 1 ||
    !hidden.every((w) => typeof w === "number" && Number.isInteger(w) && w >= 1)
  ) {
    throw new UserError(
      `${path}: hidden: expected an array of positive integer widths, got ${describe(hidden)}`,
    );
  }
  if (inputDim > LIMITS.inputDim || (hidden as number[]).some((w) => w > LIMITS.width)) {
    throw new UserError(
      `${path}: expected inputDim ≤ ${LIMITS.inputDim} and hidden widths ≤ ${LIMITS.width}, got inputDim ${inputDim}, hidden ${(hidden as number[]).join(",")}`,
    );
  }
  if (json.params === undefined)
    throw new UserError(`${path}: params: missing (expected the weights object)`);
  const polyconvex =
    json.kind === "polyconvex" || json.format === "polyconvex-icnn-reference/1" || json.variant !== undefined;
  try {
    const name = typeof json.name === "string" ? json.name : undefined;
    if (polyconvex) {
      if (json.kind !== undefined && json.kind !== "polyconvex") {
        throw new UserError(
          `${path}: kind: "${String(json.kind)}" does not fit weights in the polyconvex layout`,
        );
      }
      let variant: PolyconvexVariant;
      try {
        variant = variantOf({ inputDim, variant: json.variant as PolyconvexVariant | undefined });
      } catch (err) {
        if (err instanceof UserError) throw new UserError(`${path}: variant: ${err.message}`);
        throw err;
      }
      if (json.norms !== undefined && typeof json.norms !== "boolean") {
        throw new UserError(`${path}: norms: expected true or false, got ${describe(json.norms)}`);
      }
      const norms = json.norms === true;
      const layout = polyconvexLayout(variant, hidden as number[], norms);
      const params = paramsInto(layout, json.params, "params");
      const scaling = polyconvexScalingKey(json.scaling, inputDim, layout.inputDim, path);
      return {
        inputDim,
        hidden: [...(hidden as number[])],
        params,
        kind: "polyconvex",
        variant,
        ...(norms ? { norms } : {}),
        scaling,
        name,
      };
    }
    const layout = parameterLayout(inputDim, hidden as number[]);
    const params = paramsInto(layout, json.params, "params");
    const kind = optionalKind(json.kind, path);
    const scaling = optionalScaling(json.scaling, inputDim, path);
    return { inputDim, hidden: [...(hidden as number[])], params, kind, scaling, name };
  } catch (err) {
    if (err instanceof ShapeError) throw new UserError(`${path}: ${err.message}`);
    throw err;
  }
}
