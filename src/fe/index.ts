/** Membrane finite elements: meshes, elements, solvers, output and the paper's experiments. */
export { DofMap, type Support } from "./dofs.js";
export {
  type InflateOptions,
  type InflateResult,
  type InflateStep,
  runInflate,
} from "./experiments/inflate.js";
export { runTranslate, type TranslateOptions, type TranslateResult } from "./experiments/translate.js";
export {
  runVibrate,
  upCrossingFrequency,
  type VibrateOptions,
  type VibrateResult,
  type VibrateRun,
} from "./experiments/vibrate.js";
export {
  type EnergySample,
  type ExplicitOptions,
  type ExplicitProblem,
  type ExplicitResult,
  estimateTimeStep,
  lumpedMass,
  runExplicit,
  stableTimeStep,
} from "./explicit.js";
export { parseGmsh, readGmsh } from "./gmsh.js";
export { type MaterialSource, resolveMaterial } from "./material-source.js";
export { MembraneElements } from "./membrane.js";
export { discMesh, elementCount, type Mesh, nodeCount, rectangleMesh, tubeMesh } from "./mesh.js";
export { prepareOutputFolder } from "./output-folder.js";
export { addPressureStiffness, pressureForce } from "./pressure.js";
export { type Graph, orderingProfile, profileOrdering, reverseCuthillMcKee, triangleGraph } from "./rcm.js";
export { writeSeriesCsv } from "./series.js";
export { NonPositivePivotError, SkylineMatrix } from "./skyline.js";
export {
  ConvergenceError,
  type NewtonRecord,
  StaticModel,
  type StaticOptions,
  type StaticProblem,
  type StaticResult,
  solveStatic,
} from "./static.js";
export { type TubeSolution, tubeEquilibrium } from "./tube-1d.js";
export { type VtuFields, writePvd, writeVtu } from "./vtk.js";
