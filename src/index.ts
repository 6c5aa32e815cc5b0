/** The miann library API. The CLI (src/cli) is a thin layer over what is exported here. */
export * from "./core/activations.js";
export * from "./core/eigen.js";
export * from "./core/init.js";
export * from "./core/kernels.js";
export * from "./core/layout.js";
export * from "./core/material.js";
export * from "./core/network.js";
export * from "./data/csv.js";
export * from "./data/dataset.js";
export * from "./data/generate.js";
export * from "./data/info.js";
export * from "./data/materials/index.js";
export * as measures from "./data/measures.js";
export * from "./data/paths.js";
export * from "./data/read-dataset.js";
export * from "./data/write-dataset.js";
export * from "./export/index.js";
export * from "./fe/index.js";
export * from "./kernels/attach.js";
export * from "./kernels/index.js";
export * from "./model/checks.js";
export * from "./model/create.js";
export * from "./model/ellipticity.js";
export { FAMILIES, familyOf, type ModelFamily, type StabilityCheck } from "./model/families/index.js";
export * from "./model/families/invariants.js";
export * from "./model/families/polyconvex.js";
export * from "./model/families/polyconvex-model.js";
export * from "./model/file.js";
export * from "./model/import.js";
export * from "./model/network-model.js";
export * from "./model/regression.js";
export * from "./model/scaling.js";
export * from "./model/types.js";
export {
  type ReportModel,
  type ReportModelFile,
  type ReportOptions,
  type ReportResult,
  writeReport,
} from "./report/index.js";
export * from "./train/index.js";
export * from "./util/errors.js";
export * from "./util/random.js";
export { version } from "./version.js";
