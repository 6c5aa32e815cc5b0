import type { ModelKind, ModelVariant } from "../model/types.js";
import { UserError } from "../util/errors.js";

/**
 * What an exporter needs from a model file: the network's shape and flat parameters (order of
 * src/core/layout.ts), the scaling of docs/theory.md, section "Scaling" and, for provenance, the model's name and the
 * SHA-256 of the file's bytes. Nothing here is ever pasted into generated code as text except
 * through the number printers (numbers.ts) and the identifier filter (identifier.ts).
 */
export interface ExportableModel {
  /** the model's name as written in the file (untrusted text) */
  name: string;
  kind: "miann" | "potential" | "polyconvex";
  /** polyconvex only: the variant (compressible d = 6, membrane d = 3) */
  variant?: "compressible" | "membrane";
  /** Voigt dimension d of strain and stress */
  inputDim: number;
  hidden: number[];
  /** flat parameters, order of the family's parameter layout (src/core/layout.ts) */
  params: Float64Array;
  /** D, length inputDim, positive (all 1 for the polyconvex family) */
  strainScale: number[];
  /** κ, positive */
  stressScale: number;
  /** polyconvex only: whether ‖F‖ − √3 and ‖cof F‖ − √3 follow the base invariants as inputs */
  norms?: boolean;
  /** polyconvex only: δ, one positive scale per invariant the network sees (y' = y/δ) */
  inputScale?: number[];
  /** SHA-256 (hex) of the model file's bytes */
  sha256: string;
}

/** The fields of a miann model file (src/model/file.ts) that an export reads. */
export interface ModelFileFields {
  name: string;
  kind: ModelKind;
  spec: { kind: ModelKind; inputDim: number; hidden: number[]; variant?: ModelVariant; norms?: boolean };
  scaling: { strainScale: number[]; stressScale: number; inputScale?: number[] };
  params: number[];
}

/**
 * Checks that a (schema-valid) model file can be exported and converts it. A regression model is
 * refused: it has no potential, so a tangent from it need not be symmetric, and a user material
 * built on it could create energy in a closed loading cycle.
 */
export function exportableFromModelFile(
  file: ModelFileFields,
  sha256: string,
  path: string,
): ExportableModel {
  const kind = file.spec.kind ?? file.kind;
  if (kind === "regression") {
    throw new UserError(
      `${path}: a "regression" model has no energy potential, so it cannot be exported as a material law (expected kind "miann" or "potential")`,
    );
  }
  if (kind !== "miann" && kind !== "potential" && kind !== "polyconvex") {
    throw new UserError(
      `${path}: unknown model kind "${String(kind)}" (expected "miann", "potential" or "polyconvex")`,
    );
  }
  const { inputDim, hidden } = file.spec;
  const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  if (!file.params.every(finite)) {
    throw new UserError(`${path}: params contain a value that is not a finite number`);
  }
  const { strainScale, stressScale } = file.scaling;
  if (strainScale.length !== inputDim || !strainScale.every((v) => finite(v) && v > 0)) {
    throw new UserError(`${path}: scaling.strainScale must hold ${inputDim} positive finite numbers`);
  }
  if (!finite(stressScale) || stressScale <= 0) {
    throw new UserError(`${path}: scaling.stressScale must be a positive finite number`);
  }
  const inputScale = file.scaling.inputScale;
  if (inputScale !== undefined && !inputScale.every((v) => finite(v) && v > 0)) {
    throw new UserError(`${path}: scaling.inputScale must hold positive finite numbers`);
  }
  return {
    name: String(file.name ?? ""),
    kind,
    ...(kind === "polyconvex"
      ? {
          variant: file.spec.variant ?? (inputDim === 3 ? "membrane" : "compressible"),
          norms: file.spec.norms === true,
          inputScale,
        }
      : {}),
    inputDim,
    hidden: [...hidden],
    params: Float64Array.from(file.params),
    strainScale: [...strainScale],
    stressScale,
    sha256,
  };
}
