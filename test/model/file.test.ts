import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createModel } from "../../src/model/create.js";
import {
  loadModel,
  loadModelFile,
  modelFromFile,
  modelToFile,
  saveModel,
  serializeModelFile,
} from "../../src/model/file.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";

const dir = scratchDir("file-");

const scaling = { strainScale: [0.021, 0.0333, 0.1], stressScale: 1234.5678 };
const training = {
  settings: { optimizer: "adam", epochs: 3, lr: 0.02, seed: 7 },
  sigma: [101.1, 202.2, 30.3],
  history: [
    { epoch: 0, train: 1.5, val: 1.7, lr: 0.02 },
    { epoch: 1, train: 0.31, val: 0.4, lr: 0.019 },
  ],
  seconds: 1.25,
};

describe.each(["miann", "potential", "regression"] as const)("model file round trip (%s)", (kind) => {
  it("save → load → save is byte-for-byte identical and the parameters bit-exact", () => {
    const model = createModel({ kind, inputDim: 3, hidden: [5, 4] }, { seed: 3, scaling });
    // awkward values: subnormal, huge, many digits
    model.params[0] = 5e-324;
    model.params[1] = 1.7976931348623157e308;
    model.params[2] = 0.1 + 0.2;
    const path = join(dir, `${kind}.json`);
    saveModel(path, modelToFile(model, { name: `test ${kind}`, training }));
    const first = readFileSync(path);
    const { model: loaded, file } = loadModel(path);
    expect(Buffer.from(loaded.params.buffer).equals(Buffer.from(model.params.buffer))).toBe(true);
    expect(loaded.scaling).toEqual(scaling);
    expect(file.training).toEqual(training);
    const path2 = join(dir, `${kind}-2.json`);
    saveModel(path2, file);
    expect(readFileSync(path2).equals(first)).toBe(true);
    // and the reloaded model computes exactly the same stress
    const x = Float64Array.from([0.01, -0.02, 0.03, 0.005, 0.001, -0.04]);
    const s1 = new Float64Array(6);
    const s2 = new Float64Array(6);
    model.evaluate(x, 2, { stress: s1 });
    loaded.evaluate(x, 2, { stress: s2 });
    expect(Array.from(s2)).toEqual(Array.from(s1));
  });
});

describe("training records with NaN metrics", () => {
  it("NaN (stored as null) loads back as NaN and re-saves byte for byte", () => {
    const model = createModel({ kind: "miann", inputDim: 3, hidden: [4] }, { seed: 1, scaling });
    const metrics = {
      train: { count: 10, rmse: [1, 2, 3], relRmse: [0.1, Number.NaN, 0.3], r2: [0.9, Number.NaN, 1] },
    };
    const history = [{ epoch: 0, train: Number.NaN, val: 1, optimizer: "adam" }];
    const path = join(dir, "nan-metrics.json");
    saveModel(path, modelToFile(model, { name: "n", training: { ...training, history, metrics } }));
    const file = loadModelFile(path);
    expect(file.training?.metrics?.train?.relRmse[1]).toBeNaN();
    expect(file.training?.history[0].train).toBeNaN();
    const again = join(dir, "nan-metrics-2.json");
    saveModel(again, file);
    expect(readFileSync(again).equals(readFileSync(path))).toBe(true);
  });
});

describe("model file errors: one line naming the file and the JSON path", () => {
  const good = modelToFile(createModel({ kind: "miann", inputDim: 3, hidden: [4] }, { seed: 1, scaling }), {
    name: "g",
  });
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const variant = (name: string, edit: (o: Record<string, unknown>) => void) => {
    const o = JSON.parse(serializeModelFile(good));
    edit(o);
    return write(name, JSON.stringify(o));
  };
  const message = (p: string) => {
    try {
      loadModelFile(p);
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      const m = (err as Error).message;
      expect(m).not.toContain("\n");
      return m;
    }
    throw new Error("expected a UserError");
  };

  it("missing file, not JSON, not a model file, a weights file", () => {
    expect(message(join(dir, "nope.json"))).toMatch(
      /nope\.json: cannot read the model file \(no such file\)/,
    );
    const p = write("bad.json", "{ not json");
    expect(message(p)).toMatch(/bad\.json:1:3: not a miann model file: not valid JSON/);
    expect(message(write("csv.json", '{"a": 1}'))).toMatch(
      /csv\.json: format: not a miann model file \(expected "miann-model", got no format field\)/,
    );
    expect(message(write("w.json", '{"inputDim": 3, "hidden": [4], "params": {}}'))).toMatch(/miann import/);
  });

  it("a newer version", () => {
    const p = variant("v3.json", (o) => {
      o.version = 3;
    });
    expect(message(p)).toBe(`${p}: version: written by a newer miann: version 3, this miann reads version 2`);
  });

  it("wrong sizes and types, with the JSON path", () => {
    // miann 4 with d = 3: W1 12 + b1 4 + qOut 4 + A 9 + alpha + beta = 31 parameters
    expect(
      message(
        variant("short.json", (o) => {
          (o.params as number[]).pop();
        }),
      ),
    ).toMatch(/short\.json: params: expected 31 numbers for a miann 4 model with d = 3, got 30/);
    expect(
      message(
        variant("scale.json", (o) => {
          (o.scaling as { strainScale: number[] }).strainScale = [1, 2];
        }),
      ),
    ).toMatch(/scale\.json: scaling\.strainScale: expected 3 entries \(spec\.inputDim\), got 2/);
    expect(
      message(
        variant("nan.json", (o) => {
          (o.params as unknown[])[5] = null;
        }),
      ),
    ).toMatch(/nan\.json: params\[5\]: .*number/);
    expect(
      message(
        variant("neg.json", (o) => {
          (o.scaling as { stressScale: number }).stressScale = -1;
        }),
      ),
    ).toMatch(/neg\.json: scaling\.stressScale: expected a positive number/);
    expect(
      message(
        variant("kind.json", (o) => {
          o.kind = "banana";
        }),
      ),
    ).toMatch(/kind\.json: kind: /);
  });

  it("a regression file with the wrong parameter count", () => {
    const r = modelToFile(
      createModel({ kind: "regression", inputDim: 3, hidden: [4] }, { seed: 1, scaling }),
      {
        name: "r",
      },
    );
    r.params.push(1);
    const p = write("reg.json", serializeModelFile(r));
    expect(message(p)).toMatch(
      /reg\.json: params: expected \d+ numbers for a regression 4 model with d = 3, got \d+/,
    );
    expect(() => modelFromFile(r)).toThrow(UserError);
  });
});

describe.each(["compressible", "membrane"] as const)("polyconvex model file (%s, version 2)", (variant) => {
  const d = variant === "compressible" ? 6 : 3;
  const m = variant === "compressible" ? 4 : 2;
  const pscaling = {
    strainScale: new Array<number>(d).fill(1),
    stressScale: 12.5,
    inputScale: Array.from({ length: m }, (_, j) => 0.3 + j),
  };
  it("save → load → save is byte-for-byte identical, variant and δ kept, same stress", () => {
    const model = createModel(
      { kind: "polyconvex", inputDim: d, hidden: [5, 4] },
      { seed: 4, scaling: pscaling },
    );
    expect(model.spec.variant).toBe(variant);
    const path = join(dir, `poly-${variant}.json`);
    saveModel(
      path,
      modelToFile(model, { name: "poly", training: { ...training, sigma: new Array(d).fill(1) } }),
    );
    const text = readFileSync(path, "utf8");
    expect(JSON.parse(text).version).toBe(2);
    const { model: loaded, file } = loadModel(path);
    expect(loaded.spec).toEqual({ kind: "polyconvex", inputDim: d, hidden: [5, 4], variant });
    expect(loaded.scaling).toEqual(pscaling);
    saveModel(join(dir, `poly-${variant}-2.json`), file);
    expect(readFileSync(join(dir, `poly-${variant}-2.json`), "utf8")).toBe(text);
    const x = Float64Array.from({ length: 2 * d }, (_, i) => 0.01 * ((i % 5) - 2));
    const s1 = new Float64Array(2 * d);
    const s2 = new Float64Array(2 * d);
    model.evaluate(x, 2, { stress: s1 });
    loaded.evaluate(x, 2, { stress: s2 });
    expect(Array.from(s2)).toEqual(Array.from(s1));
  });

  it("a polyconvex model in a version-1 file, or with a wrong δ length, is refused with the JSON path", () => {
    const model = createModel(
      { kind: "polyconvex", inputDim: d, hidden: [3] },
      { seed: 4, scaling: pscaling },
    );
    const good = JSON.parse(serializeModelFile(modelToFile(model, { name: "p" })));
    const v1 = join(dir, `poly-v1-${variant}.json`);
    writeFileSync(v1, JSON.stringify({ ...good, version: 1 }));
    expect(() => loadModelFile(v1)).toThrow(/kind: "polyconvex" needs a version-2 model file/);
    const bad = join(dir, `poly-delta-${variant}.json`);
    writeFileSync(bad, JSON.stringify({ ...good, scaling: { ...good.scaling, inputScale: [1] } }));
    expect(() => loadModelFile(bad)).toThrow(/scaling\.inputScale: expected/);
  });
});

describe("older files still load", () => {
  it("a MIANN is still written as version 1 (readable by older miann) and a version-1 file loads", () => {
    const model = createModel({ kind: "miann", inputDim: 3, hidden: [4] }, { seed: 2, scaling });
    const text = serializeModelFile(modelToFile(model, { name: "m" }));
    const json = JSON.parse(text);
    expect(json.version).toBe(1);
    expect(json.spec).toEqual({ kind: "miann", inputDim: 3, hidden: [4] });
    expect(Object.keys(json.scaling)).toEqual(["strainScale", "stressScale"]);
    const p = join(dir, "v1.json");
    writeFileSync(p, text);
    expect(Array.from(loadModel(p).model.params)).toEqual(Array.from(model.params));
  });
});
