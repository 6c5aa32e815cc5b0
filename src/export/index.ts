/** Export of trained models as C and as finite-element user materials (issue 7). */
export { generateAbaqusUmat } from "./abaqus-umat.js";
export { type BakedNetwork, bakeDescription, bakeNetwork } from "./baked-network.js";
export { type CMaterialSource, generateC } from "./c-source.js";
export { generateCalculixUmat } from "./calculix-umat.js";
export { type CheckPoints, checkPoints } from "./check-points.js";
export { describeModel, type ExportDescription, type ExportGroup } from "./description.js";
export {
  defaultOutput,
  type ExportOptions,
  type ExportTarget,
  exportModelFile,
  exportTargets,
  type GeneratedFile,
  generateExport,
} from "./export-model.js";
export { type ExportableModel, exportableFromModelFile } from "./exportable.js";
export { generateFortranNetwork } from "./fortran-network.js";
export { checkPrefix, safeText } from "./identifier.js";
export { generateNumpy } from "./numpy-module.js";
export { type Provenance, provenanceOf } from "./provenance.js";
export { generatePytorch } from "./pytorch-module.js";
export { readExportableModel } from "./read-model.js";
