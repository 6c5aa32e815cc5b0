import { version as miannVersion } from "../version.js";
import { createModel } from "./create.js";
import type { Model, ModelKind, ModelSpec, Scaling, TrainingRecord } from "./types.js";

/**
 * The `format` tag of a miann model file and the newest version this miann reads and writes.
 * Version 2 added the polyconvex family (kind "polyconvex", spec.variant, scaling.inputScale);
 * a model version 1 can describe (miann, potential, regression) is still written as version 1,
 * byte for byte as before, so older miann versions keep reading it.
 */
export const MODEL_FORMAT = "miann-model";
export const MODEL_FILE_VERSION = 2;
/** the kinds a version-1 file may hold */
export const VERSION_1_KINDS: readonly ModelKind[] = ["miann", "potential", "regression"];

/**
 * A model file (JSON): everything needed to evaluate the model in physical units, and how it was
 * made. `params` is the flat parameter vector (src/core/layout.ts order for "miann"/"potential").
 */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: 1 | 2;
  name: string;
  kind: ModelKind;
  spec: ModelSpec;
  scaling: Scaling;
  params: number[];
  training?: TrainingRecord;
  /**
   * when the file was made: only in files of earlier versions, kept when they are re-saved. New
   * files leave run times out, so the same command writes the same bytes and a retrained model
   * re-exports with the same SHA-256 (README, "Model file").
   */
  createdAt?: string;
  miannVersion: string;
}

/** The file form of a model. */
export function modelToFile(model: Model, meta: { name: string; training?: TrainingRecord }): ModelFile {
  const version1 = VERSION_1_KINDS.includes(model.spec.kind);
  const spec: ModelSpec = {
    kind: model.spec.kind,
    inputDim: model.spec.inputDim,
    hidden: [...model.spec.hidden],
  };
  if (!version1 && model.spec.variant) spec.variant = model.spec.variant;
  if (!version1 && model.spec.norms) spec.norms = true;
  const scaling: Scaling = {
    strainScale: [...model.scaling.strainScale],
    stressScale: model.scaling.stressScale,
  };
  if (!version1 && model.scaling.inputScale) scaling.inputScale = [...model.scaling.inputScale];
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: version1 ? 1 : 2,
    name: meta.name,
    kind: model.spec.kind,
    spec,
    scaling,
    params: Array.from(model.params),
    miannVersion,
  };
  if (meta.training) file.training = meta.training;
  return file;
}

/**
 * The text of a model file, keys in a fixed order. JSON prints every float64 in its shortest
 * round-trip form, so load → save reproduces a saved file byte for byte.
 */
export function serializeModelFile(file: ModelFile): string {
  const ordered = {
    format: file.format,
    version: file.version,
    name: file.name,
    kind: file.kind,
    spec: {
      kind: file.spec.kind,
      inputDim: file.spec.inputDim,
      hidden: file.spec.hidden,
      variant: file.spec.variant,
      norms: file.spec.norms,
    },
    scaling: {
      strainScale: file.scaling.strainScale,
      stressScale: file.scaling.stressScale,
      inputScale: file.scaling.inputScale,
    },
    createdAt: file.createdAt,
    miannVersion: file.miannVersion,
    training: file.training,
    params: file.params,
  };
  return `${JSON.stringify(ordered, null, 1)}\n`;
}

/** The model a (validated) file describes. */
export function modelFromFile(file: ModelFile): Model {
  return createModel(file.spec, { seed: 0, scaling: file.scaling, params: Float64Array.from(file.params) });
}
