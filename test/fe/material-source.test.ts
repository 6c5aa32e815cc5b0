import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveMaterial } from "../../src/fe/material-source.js";
import { createModel } from "../../src/model/create.js";
import { modelToFile, saveModel } from "../../src/model/file.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";

describe("--material resolution", () => {
  it("a law name gives the law, compared with itself", () => {
    const s = resolveMaterial("svk-membrane");
    expect(s.kind).toBe("law");
    expect(s.reference).toBe(s.material);
    expect(s.material.dim).toBe(3);
  });

  it("a model file gives the model, compared with fabric unless told otherwise", () => {
    const path = join(scratchDir("fe-"), "m.json");
    const model = createModel(
      { kind: "potential", inputDim: 3, hidden: [4] },
      { seed: 1, scaling: { strainScale: [0.1, 0.1, 0.1], stressScale: 100 } },
    );
    saveModel(path, modelToFile(model, { name: "m" }));
    const s = resolveMaterial(path);
    expect(s.kind).toBe("potential");
    expect(s.referenceName).toBe("fabric");
    expect(resolveMaterial(path, "neohookean-membrane").referenceName).toBe("neohookean-membrane");
    // the loaded model evaluates like the original
    const x = Float64Array.from([0.02, -0.01, 0.03]);
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    model.evaluate(x, 1, { stress: a });
    s.material.evaluate(x, 1, { stress: b });
    expect([...b]).toEqual([...a]);
  });

  it("a polyconvex (rubber) model file without a recorded law is compared with itself, not the fabric", () => {
    const path = join(scratchDir("fe-"), "rubber.json");
    const model = createModel(
      { kind: "polyconvex", inputDim: 3, hidden: [4] },
      { seed: 1, scaling: { strainScale: [1, 1, 1], stressScale: 0.3 } },
    );
    saveModel(path, modelToFile(model, { name: "rubber" }));
    const s = resolveMaterial(path, undefined, { fastKernels: true });
    expect(s.kind).toBe("polyconvex");
    expect(s.reference).toBe(s.material);
    expect(s.referenceName).toBe("the model itself");
    expect(resolveMaterial(path, "mooney-rivlin-membrane").referenceName).toBe("mooney-rivlin-membrane");
    // on the WebAssembly kernels it evaluates like the original
    const x = Float64Array.from([0.4, -0.1, 0.2]);
    const a = new Float64Array(3);
    const b = new Float64Array(3);
    model.evaluate(x, 1, { stress: a });
    s.material.evaluate(x, 1, { stress: b });
    for (let k = 0; k < 3; k++)
      expect(Math.abs(b[k] - a[k])).toBeLessThan(1e-12 * Math.max(1, Math.abs(a[k])));
  });

  it("a solid (d = 6) law is refused with what was expected", () => {
    expect(() => resolveMaterial("svk")).toThrow(UserError);
    expect(() => resolveMaterial("svk")).toThrow(
      /has 6 strain components; the membrane experiments need a membrane law/,
    );
  });
});
