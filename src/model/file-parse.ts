import { z } from "zod";
import { parameterLayout } from "../core/layout.js";
import { UserError } from "../util/errors.js";
import { parseJsonText } from "../util/json.js";
import { LIMITS } from "../util/limits.js";
import { MODEL_KINDS } from "./create.js";
import { familyOf } from "./families/index.js";
import { MODEL_FILE_VERSION, MODEL_FORMAT, type ModelFile, VERSION_1_KINDS } from "./file-format.js";
import type { ModelKind, ModelSpec, TrainingRecord } from "./types.js";

/*
 * Reading a model file: the zod schema and the checks after it. Apart from the format
 * (file-format.ts) because zod costs a command about 70 ms to load, and the commands that only
 * write a model file (train, import, data) have no use for it.
 */
const finite = z.number().refine(Number.isFinite, "expected a finite number");
const positive = finite.refine((v) => v > 0, "expected a positive number");
const positiveInt = z.number().int().min(1);

// JSON has no NaN: a metric that was NaN (e.g. R² of a constant column) is stored as null and read
// back as NaN (restoreNaN), so files written by training always load and re-save byte for byte.
const metric = z.number().nullable();
const splitMetricsSchema = z.looseObject({
  count: z.number(),
  rmse: z.array(metric),
  relRmse: z.array(metric),
  r2: z.array(metric),
});

const trainingSchema = z.looseObject({
  settings: z.record(z.string(), z.unknown()),
  sigma: z.array(finite),
  history: z.array(
    z.looseObject({
      epoch: z.number(),
      train: metric,
      val: metric.optional(),
      lr: metric.optional(),
      seconds: metric.optional(),
      optimizer: z.string().optional(),
    }),
  ),
  metrics: z
    .looseObject({
      train: splitMetricsSchema.optional(),
      val: splitMetricsSchema.optional(),
      test: splitMetricsSchema.optional(),
    })
    .optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  seconds: metric.optional(),
  bestEpoch: z.number().optional(),
});

/** null → NaN in the numeric fields of a training record (the inverse of JSON's NaN → null). */
function restoreNaN(training: TrainingRecord): void {
  const fix = (a: (number | null)[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] === null) a[i] = Number.NaN;
  };
  for (const split of [training.metrics?.train, training.metrics?.val, training.metrics?.test]) {
    if (!split) continue;
    fix(split.rmse);
    fix(split.relRmse);
    fix(split.r2);
  }
  for (const h of training.history) {
    const e = h as unknown as Record<string, number | null>;
    for (const key of ["train", "val", "lr", "seconds"]) if (e[key] === null) e[key] = Number.NaN;
  }
  if ((training.seconds as number | null) === null) training.seconds = Number.NaN;
}

/** The zod schema of a version-1 or -2 model file (sizes are checked after it, against the spec). */
export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.union([z.literal(1), z.literal(2)]),
  name: z.string(),
  kind: z.enum(MODEL_KINDS as [ModelKind, ...ModelKind[]]),
  spec: z.object({
    kind: z.enum(MODEL_KINDS as [ModelKind, ...ModelKind[]]),
    inputDim: positiveInt,
    hidden: z.array(positiveInt).min(1),
    variant: z.enum(["compressible", "membrane"]).optional(),
    norms: z.boolean().optional(),
  }),
  scaling: z.object({
    strainScale: z.array(positive).min(1),
    stressScale: positive,
    inputScale: z.array(positive).min(1).optional(),
  }),
  params: z.array(finite),
  training: trainingSchema.optional(),
  createdAt: z.string().optional(),
  miannVersion: z.string(),
});

function jsonPath(path: readonly PropertyKey[]): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : `${s ? "." : ""}${String(p)}`;
  return s || "(top level)";
}

function expectedParameterCount(spec: ModelSpec): number {
  return familyOf(spec.kind).parameterCount(spec);
}

/**
 * Validates the text of a model file named `path` (the name is for messages). Anything wrong (not
 * JSON, not a model file, a newer version, a field of the wrong type, arrays of the wrong size) is
 * a UserError of one line naming the file and the JSON path. No file system here: loadModelFile
 * (file.ts) reads the file, the browser playground has the text in memory.
 */
export function parseModelFile(path: string, text: string): ModelFile {
  const json = parseJsonText(text, path, "not a miann model file: not valid JSON");
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new UserError(`${path}: not a miann model file (expected a JSON object)`);
  }
  const obj = json as Record<string, unknown>;
  if (obj.format !== MODEL_FORMAT) {
    const hint =
      obj.params !== undefined && obj.inputDim !== undefined
        ? " (this looks like a weights file: convert it with `miann import`)"
        : "";
    throw new UserError(
      `${path}: format: not a miann model file (expected "${MODEL_FORMAT}", got ${obj.format === undefined ? "no format field" : JSON.stringify(obj.format)})${hint}`,
    );
  }
  if (typeof obj.version === "number" && obj.version > MODEL_FILE_VERSION) {
    throw new UserError(
      `${path}: version: written by a newer miann: version ${obj.version}, this miann reads version ${MODEL_FILE_VERSION}`,
    );
  }
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${path}: ${jsonPath(issue.path)}: ${issue.message}`);
  }
  const file = parsed.data as ModelFile;
  // keep the training record exactly as written (key order and extra keys), for a byte-exact re-save
  if (obj.training !== undefined) {
    file.training = obj.training as TrainingRecord;
    restoreNaN(file.training);
  }
  const { spec, scaling } = file;
  if (spec.kind !== file.kind) {
    throw new UserError(`${path}: spec.kind: "${spec.kind}" differs from kind "${file.kind}"`);
  }
  if (file.version === 1 && !VERSION_1_KINDS.includes(file.kind)) {
    throw new UserError(`${path}: kind: "${file.kind}" needs a version-2 model file, got version 1`);
  }
  try {
    familyOf(spec.kind).validate(spec);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`${path}: spec: ${err.message}`);
    throw err;
  }
  const inputWidth =
    spec.kind === "polyconvex" ? familyOf(spec.kind).unitScaling(spec).inputScale?.length : undefined;
  if (scaling.inputScale !== undefined && scaling.inputScale.length !== inputWidth) {
    throw new UserError(
      `${path}: scaling.inputScale: expected ${inputWidth ?? "no"} entries for a ${spec.kind} model, got ${scaling.inputScale.length}`,
    );
  }
  if (scaling.strainScale.length !== spec.inputDim) {
    throw new UserError(
      `${path}: scaling.strainScale: expected ${spec.inputDim} entries (spec.inputDim), got ${scaling.strainScale.length}`,
    );
  }
  if (spec.inputDim > LIMITS.inputDim || spec.hidden.some((w) => w > LIMITS.width)) {
    throw new UserError(
      `${path}: spec: expected d ≤ ${LIMITS.inputDim} and hidden widths ≤ ${LIMITS.width}, got d = ${spec.inputDim}, hidden ${spec.hidden.join("-")}`,
    );
  }
  const expected = expectedParameterCount(spec);
  if (file.params.length !== expected) {
    throw new UserError(
      `${path}: params: expected ${expected} numbers for a ${spec.kind} ${spec.hidden.join("-")} model with d = ${spec.inputDim}, got ${file.params.length}`,
    );
  }
  if (spec.kind === "miann" || spec.kind === "potential") {
    // W = … + α·softplus-like terms scaled by β: α = 0 or β = 0 gives 0/0 (see import, which refuses them too)
    const layout = parameterLayout(spec.inputDim, spec.hidden);
    for (const [name, at] of [
      ["alpha", layout.alpha],
      ["beta", layout.beta],
    ] as const) {
      if (file.params[at] === 0) {
        throw new UserError(`${path}: params[${at}] (${name}): expected a nonzero number, got 0`);
      }
    }
  }
  if (file.training && file.training.sigma.length !== spec.inputDim) {
    throw new UserError(
      `${path}: training.sigma: expected ${spec.inputDim} entries (spec.inputDim), got ${file.training.sigma.length}`,
    );
  }
  return file;
}
