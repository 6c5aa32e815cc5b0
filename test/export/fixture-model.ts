import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parameterLayout } from "../../src/core/layout.js";
import type { ExportableModel } from "../../src/export/exportable.js";

/** The PyTorch reference fixture of docs/theory.md, section "Reference fixtures" (nested parameters, inputs, expected values). */
export interface Fixture {
  inputDim: number;
  hidden: number[];
  params: {
    W1: number[][];
    b1: number[];
    layers: { Q: number[][]; b: number[]; S: number[][] }[];
    qOut: number[];
    A: number[][];
    alpha: number;
    beta: number;
  };
  inputs: number[][];
  expected: {
    potential: number[];
    potentialAtZero: number;
    gradientAtZero: number[];
    stress: number[][];
    tangent: number[][][];
    energy: number[];
  };
}

export const fixturePaths = {
  plane: fileURLToPath(new URL("../fixtures/icnn-reference-plane.json", import.meta.url)),
  solid: fileURLToPath(new URL("../fixtures/icnn-reference-3d.json", import.meta.url)),
};

export function readFixture(path: string): Fixture {
  return JSON.parse(readFileSync(path, "utf8")) as Fixture;
}

/** Flattens the fixture's nested parameters into the order of parameterLayout. */
export function flatParams(f: Fixture): Float64Array {
  const layout = parameterLayout(f.inputDim, f.hidden);
  const p = new Float64Array(layout.size);
  p.set(f.params.W1.flat(), layout.W1);
  p.set(f.params.b1, layout.b1);
  f.params.layers.forEach((l, i) => {
    p.set(l.Q.flat(), layout.layers[i].Q);
    p.set(l.b, layout.layers[i].b);
    p.set(l.S.flat(), layout.layers[i].S);
  });
  p.set(f.params.qOut, layout.qOut);
  p.set(f.params.A.flat(), layout.A);
  p[layout.alpha] = f.params.alpha;
  p[layout.beta] = f.params.beta;
  return p;
}

/** The fixture as an exportable miann model (D = 1, κ = 1 unless given). */
export function fixtureModel(f: Fixture, overrides: Partial<ExportableModel> = {}): ExportableModel {
  return {
    name: "fixture",
    kind: "miann",
    inputDim: f.inputDim,
    hidden: f.hidden,
    params: flatParams(f),
    strainScale: new Array(f.inputDim).fill(1),
    stressScale: 1,
    sha256: "0".repeat(64),
    ...overrides,
  };
}
