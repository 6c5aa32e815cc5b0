import { UserError } from "../util/errors.js";
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
import { provenanceOf } from "./provenance.js";
import { generatePytorch } from "./pytorch-module.js";

/** The exports' text, generated in memory (no file system: the browser playground uses it too). */

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
  // the header beside the source: material.c → material.h, lib.src → lib.src.h
  const headerPath = `${output.endsWith(".c") ? output.slice(0, -2) : output}.h`;
  return [
    { path: output, text: source },
    { path: headerPath, text: header },
  ];
}
