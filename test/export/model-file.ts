import { createModel } from "../../src/model/create.js";
import { modelToFile, saveModel } from "../../src/model/file.js";
import type { ModelKind } from "../../src/model/types.js";
import type { Fixture } from "./fixture-model.js";
import { flatParams } from "./fixture-model.js";

/**
 * Writes a miann model file (the core's format) holding the fixture's parameters; for kind
 * "regression", a seeded regression model of the same shape (it has its own parameter layout).
 */
export function writeFixtureModelFile(
  path: string,
  f: Fixture,
  options: { name?: string; kind?: ModelKind; strainScale?: number[]; stressScale?: number } = {},
): void {
  const kind = options.kind ?? "miann";
  const model = createModel(
    { kind, inputDim: f.inputDim, hidden: f.hidden },
    {
      seed: 1,
      scaling: {
        strainScale: options.strainScale ?? new Array(f.inputDim).fill(1),
        stressScale: options.stressScale ?? 1,
      },
      params: kind === "regression" ? undefined : flatParams(f),
    },
  );
  saveModel(path, modelToFile(model, { name: options.name ?? "fixture" }));
}
