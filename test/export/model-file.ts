import { modelToFile, saveModel } from "../../src/model/file.js";
import { NetworkModel } from "../../src/model/network-model.js";
import type { ModelKind } from "../../src/model/types.js";
import type { Fixture } from "./fixture-model.js";
import { flatParams } from "./fixture-model.js";

/** Writes a miann model file (the core's format) holding the fixture's parameters. */
export function writeFixtureModelFile(
  path: string,
  f: Fixture,
  options: { name?: string; kind?: ModelKind; strainScale?: number[]; stressScale?: number } = {},
): void {
  const kind = options.kind ?? "miann";
  const model = new NetworkModel(
    { kind: kind === "regression" ? "miann" : kind, inputDim: f.inputDim, hidden: f.hidden },
    flatParams(f),
    {
      strainScale: options.strainScale ?? new Array(f.inputDim).fill(1),
      stressScale: options.stressScale ?? 1,
    },
  );
  const file = modelToFile(model, { name: options.name ?? "fixture" });
  if (kind === "regression") {
    file.kind = "regression";
    file.spec.kind = "regression";
  }
  saveModel(path, file);
}
