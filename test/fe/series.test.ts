import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeSeriesCsv } from "../../src/fe/series.js";
import { scratchDir } from "../support/scratch.js";

describe("CSV time series", () => {
  it("round-trips float64 exactly and never writes a non-finite value", () => {
    const dir = scratchDir("fe-");
    const x = 0.1 + 0.2;
    writeSeriesCsv(
      join(dir, "a.csv"),
      ["t", "v"],
      [
        [0, x],
        [1, Number.NaN],
        [2, 1e-300],
      ],
    );
    const a = readFileSync(join(dir, "a.csv"), "utf8").trim().split("\n");
    expect(a).toEqual(["# left out 1 record(s) with non-finite values", "t,v", `0,${x}`, "2,1e-300"]);
    expect(Number(a[2].split(",")[1])).toBe(x);
    writeSeriesCsv(
      join(dir, "b.csv"),
      ["t", "v", "w"],
      [
        [0, 1, Number.POSITIVE_INFINITY],
        [1, 2, 3],
      ],
      "columns",
    );
    expect(readFileSync(join(dir, "b.csv"), "utf8").trim().split("\n")).toEqual([
      "# left out (not finite): w",
      "t,v",
      "0,1",
      "1,2",
    ]);
  });
});
