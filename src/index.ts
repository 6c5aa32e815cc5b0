/** The miann library API. The CLI (src/cli) is a thin layer over what is exported here. */
export * from "./core/activations.js";
export * from "./core/eigen.js";
export * from "./core/init.js";
export * from "./core/kernels.js";
export * from "./core/layout.js";
export * from "./core/material.js";
export * from "./core/network.js";
export * from "./kernels/index.js";
export * from "./model/checks.js";
export * from "./model/create.js";
export * from "./model/file.js";
export * from "./model/import.js";
export * from "./model/network-model.js";
export * from "./model/scaling.js";
export * from "./model/types.js";
export * from "./util/errors.js";
export * from "./util/random.js";
export { version } from "./version.js";
