import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { isUneditedExport } from "../../src/export/provenance.js";
import { scratchDir } from "../support/scratch.js";

/**
 * Property tests of the output-path rules (src/util/output-path.ts) across every command that
 * writes a file, against the built CLI: whatever the -o target (new, existing, an input, a folder,
 * '', a trailing '/', a path through a file) and with or without --force,
 * - an input is never replaced, an existing file never without --force;
 * - a refusal is one line and exit 1, never a stack trace, and leaves no file or temp file behind;
 * - a success leaves a complete file of the command's kind.
 * Each run spawns the CLI once, so the number of runs is kept small.
 */
const CLI = join(process.cwd(), "dist/cli/miann.js");
let fixtures: string;

const FILES = ["d.csv", "m.json", "w.json", "s.csv"];

interface Command {
  name: string;
  args: (out: string) => string[];
  inputs: string[];
  /** the written file is complete: parse it as the command's kind */
  complete: (text: string) => boolean;
}

const csvRows = (rows: number) => (text: string) => {
  // a '# generated: ...' comment line (data generate) is not a row
  const lines = text
    .trimEnd()
    .split("\n")
    .filter((l) => !l.startsWith("#"));
  return (
    lines.length === rows + 1 &&
    lines.slice(1).every((l) => l.split(",").every((f) => Number.isFinite(Number(f))))
  );
};
const modelFile = (text: string) => JSON.parse(text).format === "miann-model";

const COMMANDS: Command[] = [
  {
    name: "data generate",
    args: (out) => ["data", "generate", "--samples", "20", "-o", out],
    inputs: [],
    complete: csvRows(20),
  },
  {
    name: "train",
    args: (out) => [
      "train",
      "d.csv",
      "--epochs",
      "2",
      "--hidden",
      "2",
      "--threads",
      "1",
      "--quiet",
      "-o",
      out,
    ],
    inputs: ["d.csv"],
    complete: modelFile,
  },
  {
    name: "predict",
    args: (out) => ["predict", "m.json", "s.csv", "-o", out],
    inputs: ["m.json", "s.csv"],
    complete: csvRows(2),
  },
  { name: "import", args: (out) => ["import", "w.json", "-o", out], inputs: ["w.json"], complete: modelFile },
  {
    name: "export",
    args: (out) => ["export", "m.json", "--to", "c", "-o", out],
    inputs: ["m.json"],
    complete: isUneditedExport,
  },
  {
    name: "report",
    args: (out) => ["report", "m.json", "-o", out],
    inputs: ["m.json"],
    complete: (text) => text.startsWith("<!DOCTYPE html>") && text.trimEnd().endsWith("</html>"),
  },
];

type Target = "new" | "existing" | "input" | "folder" | "empty" | "slash" | "through-file";
const TARGETS: Target[] = ["new", "existing", "input", "folder", "empty", "slash", "through-file"];

function tempFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...tempFiles(path));
    else if (entry.endsWith(".tmp")) found.push(path);
  }
  return found;
}

let runs = 0;

beforeAll(() => {
  fixtures = scratchDir("outprop-");
  const run = (args: string[]) =>
    expect(spawnSync(process.execPath, [CLI, ...args], { cwd: fixtures, encoding: "utf8" }).status).toBe(0);
  run(["data", "generate", "--samples", "60", "-o", "d.csv"]);
  run(["train", "d.csv", "--epochs", "5", "--hidden", "2", "--threads", "1", "--quiet", "-o", "m.json"]);
  writeFileSync(
    join(fixtures, "w.json"),
    '{"inputDim":1,"hidden":[2],"params":{"W1":[[1],[-1]],"b1":[0,0],"layers":[],"qOut":[1,1],"A":[[0.1]],"alpha":1,"beta":2}}',
  );
  writeFileSync(join(fixtures, "s.csv"), "E11,E22,G12\n0.01,0.02,0.03\n-0.01,0,0.01\n");
});

describe("output paths (property, every command that writes a file)", () => {
  it("never an input, never an existing file without --force, never a partial file, never a stack trace", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMANDS),
        fc.constantFrom(...TARGETS),
        fc.boolean(),
        fc.nat(),
        (command, target, force, pick) => {
          const dir = join(fixtures, `run-${runs++}`);
          mkdirSync(dir);
          for (const f of FILES) copyFileSync(join(fixtures, f), join(dir, f));
          const before = new Map(FILES.map((f) => [f, readFileSync(join(dir, f), "utf8")]));
          let out: string;
          switch (target) {
            case "new":
              out = "new.out";
              break;
            case "existing":
              out = "old.out";
              writeFileSync(join(dir, out), "precious\n");
              break;
            case "input":
              out = command.inputs.length > 0 ? command.inputs[pick % command.inputs.length] : "new.out";
              break;
            case "folder":
              out = "adir";
              mkdirSync(join(dir, out));
              break;
            case "empty":
              out = "";
              break;
            case "slash":
              out = "sub/";
              break;
            case "through-file":
              out = "d.csv/x.out";
              break;
          }
          const args = [...command.args(out), ...(force ? ["--force"] : [])];
          const r = spawnSync(process.execPath, [CLI, ...args], {
            cwd: dir,
            encoding: "utf8",
            timeout: 60_000,
          });
          const where = `${command.name} -o '${out}'${force ? " --force" : ""}: ${r.stderr}`;
          // never a stack trace, and a refusal is one line with exit 1
          expect(r.stderr, where).not.toMatch(/internal error|\n\s+at /);
          expect([0, 1], where).toContain(r.status);
          if (r.status === 1) expect(r.stderr.trimEnd().split("\n"), where).toHaveLength(1);
          // inputs are never changed
          for (const f of FILES) expect(readFileSync(join(dir, f), "utf8"), where).toBe(before.get(f));
          const isInput = target === "input" && command.inputs.length > 0;
          const shouldFail =
            isInput ||
            (target === "existing" && !force) ||
            ["folder", "empty", "slash", "through-file"].includes(target);
          expect(r.status, where).toBe(shouldFail ? 1 : 0);
          if (target === "existing" && !force) {
            expect(readFileSync(join(dir, out), "utf8")).toBe("precious\n");
          }
          if (r.status === 0)
            expect(command.complete(readFileSync(join(dir, out), "utf8")), where).toBe(true);
          else if (target === "new") expect(existsSync(join(dir, out)), where).toBe(false);
          // never a temporary file left behind
          expect(tempFiles(dir), where).toEqual([]);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 20, seed: 15 },
    );
  }, 240_000);
});
