import { describe, expect, it } from "vitest";
import { strainWarnings } from "../../src/model/strain-warnings.js";

describe("strainWarnings (predict)", () => {
  it("names inadmissible rows and rows beyond the training range, and nothing for good strains", () => {
    const range = [0.1, 0.1, 0.3];
    const good = Float64Array.from([0.05, -0.1, 0.3, 0, 0, 0]);
    expect(strainWarnings(good, 2, 3, range)).toEqual([]);
    // row 2: E11 = −0.6 → C11 = −0.2 (not a deformation, and beyond 0.1); row 3: 2× the shear range
    const bad = Float64Array.from([0.01, 0, 0, -0.6, 0, 0, 0, 0, 0.6]);
    const w = strainWarnings(bad, 3, 3, range);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/^1 of 3 rows are not a real deformation .*first: data row 2/);
    expect(w[1]).toMatch(/^2 of 3 rows lie outside the training data's strain range \(up to 6\.00× /);
    // no range known (imported weights): only admissibility
    expect(strainWarnings(bad, 3, 3)).toHaveLength(1);
  });
});
