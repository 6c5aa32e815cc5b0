import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { loadModel } from "../model/file.js";
import { checkFiniteModel } from "../model/finite.js";
import { writeFileAtomic } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import { checkOutputPath } from "../util/output-path.js";
import { generateAbaqusUmat } from "./abaqus-umat.js";
import { bakeDescription, bakeNetwork } from "./baked-network.js";
import { generateC } from "./c-source.js";
import { generateCalculixUmat } from "./calculix-umat.js";
import { checkPoints } from "./check-points.js";
import { describeModel } from "./description.js";
import type { ExportableModel } from "./exportable.js";
import { checkPrefix } from "./identifier.js";
import { generateNumpy } from "./numpy-module.js";
import { polyconvexCFamily } from "./polyconvex-c.js";
import { polyconvexFortranWrapper } from "./polyconvex-fortran.js";
import { isUneditedExport, provenanceOf, sealExport } from "./provenance.js";
import { generatePytorch } from "./pytorch-module.js";
import { readExportableModel } from "./read-model.js";

export const exportTargets = ["c", "calculix", "abaqus-umat", "pytorch", "numpy"] as const;
export type ExportTarget = (typeof exportTargets)[number];

/** Default output file per target. */
export const defaultOutput: Record<ExportTarget, string> = {
  c: "material.c",
  calculix: "umat_user.f",
  "abaqus-umat": "umat.f",
  pytorch: "material.py",
  numpy: "material.py",
};

/** One generated file: where it goes (relative to the main output) and its text. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/**
 * Generates the files of one export in memory. `output` is the main file's path: for "c" the
 * header goes beside it with the extension .h. Nothing is written here.
 */
export function generateExport(
  model: ExportableModel,
  to: ExportTarget,
  output: string,
  prefix = "miann",
): GeneratedFile[] {
  checkPrefix(prefix);
  if ((to === "calculix" || to === "abaqus-umat") && model.inputDim !== 6) {
    throw new UserError(
      `--to ${to} needs a 3D model (input dimension 6: E11, E22, E33, 2E23, 2E13, 2E12); this model has input dimension ${model.inputDim}. Use --to c for membranes and other dimensions`,
    );
  }
  const prov = provenanceOf(model);
  if (model.kind === "polyconvex" && to === "c") {
    const desc = describeModel(model);
    const { source, header } = generateC(
      bakeDescription(desc),
      prov,
      prefix,
      polyconvexCFamily(desc, prefix),
    );
    return cFiles(output, source, header);
  }
  if (model.kind === "polyconvex" && (to === "calculix" || to === "abaqus-umat")) {
    // d = 6 was checked above, so this is the compressible variant
    const desc = describeModel(model);
    const net = bakeDescription(desc);
    const wrapper = polyconvexFortranWrapper(desc);
    const text =
      to === "calculix"
        ? generateCalculixUmat(net, prov, prefix, wrapper)
        : generateAbaqusUmat(net, prov, prefix, wrapper);
    return [{ path: output, text }];
  }
  if (to === "pytorch" || to === "numpy") {
    const desc = describeModel(model);
    const check = checkPoints(model);
    const text = to === "pytorch" ? generatePytorch(desc, prov, check) : generateNumpy(desc, prov, check);
    return [{ path: output, text }];
  }
  const net = bakeNetwork(model);
  switch (to) {
    case "c": {
      const { source, header } = generateC(net, prov, prefix);
      return cFiles(output, source, header);
    }
    case "calculix":
      return [{ path: output, text: generateCalculixUmat(net, prov, prefix) }];
    case "abaqus-umat":
      return [{ path: output, text: generateAbaqusUmat(net, prov, prefix) }];
  }
}

/** material.c and its header material.h beside it */
function cFiles(output: string, source: string, header: string): GeneratedFile[] {
  const ext = extname(output);
  const headerPath = join(dirname(output), `${basename(output, ext === ".c" ? ext : "")}.h`);
  return [
    { path: output, text: source },
    { path: headerPath, text: header },
  ];
}

/**
 * Refuses to replace a file miann did not write (it may be the user's own code), unless `force`.
 * An unedited previous export (its recorded checksum matches its text) is replaced without asking.
 */
function checkOverwrite(path: string, force: boolean): void {
  if (force || !existsSync(path)) return;
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    // unreadable (no permission): not known to be ours
  }
  if (!isUneditedExport(text)) {
    throw new UserError(
      `${path}: exists and is not an unedited miann export; choose another -o or pass --force to replace it`,
    );
  }
}

export interface ExportOptions {
  to: ExportTarget;
  /** main output file (default per target) */
  output?: string;
  /** routine-name prefix for the C functions and the Fortran network routine (default "miann") */
  prefix?: string;
  /** replace existing files that miann did not write */
  force?: boolean;
}

/** Reads a model file, generates the export and writes it atomically. Returns the paths written. */
export function exportModelFile(modelPath: string, options: ExportOptions): string[] {
  if (!exportTargets.includes(options.to)) {
    throw new UserError(
      `--to "${String(options.to)}" is not a target (expected one of ${exportTargets.join(", ")})`,
    );
  }
  const output = options.output ?? defaultOutput[options.to];
  const force = options.force ?? false;
  // the model itself is never replaced, with --force neither (checked before reading it)
  checkOutputPath(output, {
    force: true,
    inputs: [{ path: modelPath, what: "the model being exported" }],
  });
  const model = readExportableModel(modelPath);
  checkFiniteModel(loadModel(modelPath).model, modelPath);
  const files = generateExport(model, options.to, output, options.prefix ?? "miann");
  const checked = new Set<string>();
  for (const f of files) {
    checkOutputPath(f.path, { force: true, inputs: [{ path: modelPath, what: "the model being exported" }] });
    checkOverwrite(f.path, force);
    if (existsSync(f.path)) checked.add(f.path);
  }
  const sealed = files.map((f) => ({ path: f.path, text: sealExport(f.text) }));
  // an existing file was checked above (ours, or --force); a file appearing meanwhile is not replaced
  for (const f of sealed) writeFileAtomic(f.path, f.text, { replace: force || checked.has(f.path) });
  return files.map((f) => f.path);
}
