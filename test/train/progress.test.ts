import { Writable } from "node:stream";
import cliProgress from "cli-progress";
import { describe, expect, it } from "vitest";
import { barLayout } from "../../src/train/progress.js";

/** a fake terminal of `columns` columns that records what cli-progress writes, escapes removed */
function terminal(columns: number) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number };
  stream.isTTY = true;
  stream.columns = columns;
  const ansi = new RegExp(`${String.fromCharCode(27)}(\\[[0-9;?]*[A-Za-z]|[78])`, "g");
  const text = () => chunks.map((c) => c.replace(ansi, "").trim()).filter((c) => c !== "");
  return { stream, text };
}

describe("the training progress bar", () => {
  it.each([64, 70, 80, 120, 200])("fits a %i-column terminal with val and ETA shown", (columns) => {
    const { stream, text } = terminal(columns);
    const bar = new cliProgress.SingleBar(
      { ...barLayout(columns, 10000, "potential: "), stream, fps: 1 },
      cliProgress.Presets.shades_classic,
    );
    // the widest values each field can take
    bar.start(10000, 9999, { phase: "lbfgs", train: "1.234e-10", val: "5.678e-10" });
    bar.stop();
    const lines = text();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(columns - 1);
      expect(line).toContain("5.678e-10");
      expect(line).toMatch(/ETA \S+$/);
    }
  });

  it("keeps the full layout (bar up to 40) on a wide terminal", () => {
    expect(barLayout(200, 600)).toMatchObject({ barsize: 40 });
    expect(barLayout(200, 600).format).toContain("| val {val} |");
    expect(barLayout(70, 600).format).not.toContain("| val");
  });
});
