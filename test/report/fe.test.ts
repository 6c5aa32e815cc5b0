import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTimeSeries, readTimeSeriesDir } from "../../src/report/fe-tables.js";
import { timeSeriesFigure } from "../../src/report/figures/fe.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";

function dir(files: Record<string, string>): string {
  const d = scratchDir("fe-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe("FE time series", () => {
  it("reads every CSV with a header, sorted, and skips headerless ones and other files", () => {
    const d = dir({
      "b-energy.csv": "time,kinetic\n0,1\n0.5,2\n",
      "a-newton.csv": "iteration,residual\n0,1\n1,1e-4\n2,1e-10\n",
      "raw.csv": "0,1\n1,2\n",
      "mesh.vtk": "# vtk DataFile\n",
    });
    const { tables, skipped } = readTimeSeriesDir(d);
    expect(tables.map((t) => t.names[0])).toEqual(["iteration", "time"]);
    expect(Array.from(tables[0].columns[1])).toEqual([1, 1e-4, 1e-10]);
    expect(skipped).toEqual(["raw.csv"]);
  });

  it("a residual history spanning many decades gets a log axis, an energy history does not", () => {
    const d = dir({ "n.csv": "iteration,residual\n0,1\n1,1e-4\n2,1e-10\n", "e.csv": "t,W\n0,0\n1,2\n" });
    const { tables } = readTimeSeriesDir(d);
    const scaleOf = (i: number) => JSON.stringify(timeSeriesFigure(tables[i], i).spec);
    expect(scaleOf(1)).toContain('"type":"log"');
    expect(scaleOf(0)).not.toContain('"type":"log"');
  });

  it("a malformed cell is a one-line UserError naming file, line and column", () => {
    const d = dir({ "bad.csv": "time,energy\n0,1\n0.1,oops\n" });
    const path = join(d, "bad.csv");
    expect(() => readTimeSeries(path)).toThrow(UserError);
    expect(() => readTimeSeries(path)).toThrow(`${path}:3:2: expected a finite number in column "energy"`);
  });

  it("a missing folder is a UserError", () => {
    expect(() => readTimeSeriesDir("/nonexistent/miann-fe")).toThrow(UserError);
  });
});
