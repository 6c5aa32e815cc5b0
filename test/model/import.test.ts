import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readWeightsFile } from "../../src/model/import.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";

const weights = {
  inputDim: 1,
  hidden: [2],
  params: { W1: [[1], [-1]], b1: [0, 0], layers: [], qOut: [1, 1], A: [[0.1]], alpha: 1, beta: 2 },
};

function file(content: unknown): string {
  const path = join(scratchDir("import-"), "w.json");
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe("readWeightsFile: the optional kind, name and scaling keys", () => {
  it("reads them when present and leaves them undefined when absent", () => {
    expect(readWeightsFile(file(weights))).toMatchObject({
      kind: undefined,
      scaling: undefined,
      name: undefined,
    });
    const w = readWeightsFile(
      file({
        ...weights,
        kind: "potential",
        name: "torch run",
        scaling: { strainScale: [0.2], stressScale: 5 },
      }),
    );
    expect(w).toMatchObject({
      kind: "potential",
      name: "torch run",
      scaling: { strainScale: [0.2], stressScale: 5 },
    });
  });

  it("refuses a wrong kind or scaling with one line naming the file and the key", () => {
    const cases: [unknown, RegExp][] = [
      [{ ...weights, kind: "regression" }, /w\.json: kind: expected "miann", "potential" or "polyconvex"/],
      [
        { ...weights, scaling: { strainScale: [0], stressScale: 1 } },
        /w\.json: scaling\.strainScale: expected 1 positive/,
      ],
      [
        { ...weights, scaling: { strainScale: [1, 2], stressScale: 1 } },
        /scaling\.strainScale: expected 1 positive/,
      ],
      [
        { ...weights, scaling: { strainScale: [1], stressScale: -1 } },
        /w\.json: scaling\.stressScale: expected a positive/,
      ],
      [{ ...weights, scaling: [1] }, /w\.json: scaling: expected \{ strainScale, stressScale \}/],
    ];
    for (const [content, message] of cases) {
      const path = file(content);
      expect(() => readWeightsFile(path)).toThrow(UserError);
      expect(() => readWeightsFile(path)).toThrow(message);
    }
  });
});
