import { describe, expect, it } from "vitest";
import { generateDataset } from "../../src/data/generate.js";
import { defaultRecipe, SMALL_DATA } from "../../src/train/trainer.js";

// The defaults README "How the defaults were chosen" documents: the fast recipe only for a miann
// model on an ordinary data set; small data, test curves and other kinds keep the longer one.
describe("defaultRecipe", () => {
  const ordinary = generateDataset({ samples: SMALL_DATA });
  const small = generateDataset({ samples: SMALL_DATA - 1 });
  it("gives Adam alone, 220 epochs of batches of 48, β₂ 0.98 and a 30 % hold for miann on SMALL_DATA rows or more", () => {
    expect(defaultRecipe("miann", ordinary)).toEqual({
      optimizer: "adam",
      epochs: 220,
      batch: 48,
      adamBeta2: 0.98,
      lrHold: 0.3,
    });
  });
  it("keeps Adam (β₂ 0.999, no hold) then L-BFGS, 600 epochs of batches of 64 below SMALL_DATA rows, for test curves and other kinds", () => {
    const longer = { optimizer: "adam+lbfgs", epochs: 600, batch: 64, adamBeta2: 0.999, lrHold: 0 };
    expect(defaultRecipe("miann", small)).toEqual(longer);
    expect(defaultRecipe("miann", { ...ordinary, tests: [] as never })).toEqual(longer);
    for (const kind of ["potential", "regression", "polyconvex"]) {
      expect(defaultRecipe(kind, ordinary)).toEqual(longer);
    }
  });
});
