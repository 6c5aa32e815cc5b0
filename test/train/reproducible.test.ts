import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel, serializeModelFile } from "../../src/model/file.js";
import { scratchDir } from "../support/scratch.js";

// Same command, same bytes: run times stay out of model files and checkpoints, so two identical
// trainings (in different folders, at different times) write identical files, and their exports
// (which embed the model file's SHA-256) are identical too.
const CLI = join(process.cwd(), "dist/cli/miann.js");
const root = scratchDir("repro-");

function miann(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("same command, same bytes", () => {
  it("two identical trainings write identical model files, checkpoints and exports", () => {
    const runs = ["a", "b"].map((name) => {
      const dir = join(root, name);
      mkdirSync(dir);
      miann(["data", "generate", "--samples", "300", "-o", "data.csv"], dir);
      const args = ["data.csv", "--epochs", "30", "--hidden", "6,6", "--threads", "1", "--quiet"];
      miann(
        ["train", ...args, "--checkpoint", "run.ckpt", "--checkpoint-every", "10", "-o", "model.json"],
        dir,
      );
      miann(["export", "model.json", "--to", "c", "-o", "material.c"], dir);
      miann(
        ["import", join(process.cwd(), "test/fixtures/icnn-reference-plane.json"), "-o", "imported.json"],
        dir,
      );
      const read = (f: string) => readFileSync(join(dir, f), "utf8");
      return {
        model: read("model.json"),
        checkpoint: read("run.ckpt"),
        c: read("material.c"),
        imported: read("imported.json"),
      };
    });
    const [a, b] = runs;
    expect(a.model).toContain('"history"'); // a trained model, with its record
    expect(a.model).not.toMatch(/"createdAt"|"seconds"/);
    expect(a.checkpoint).not.toMatch(/"seconds"/);
    expect(b.model).toBe(a.model);
    expect(b.checkpoint).toBe(a.checkpoint);
    expect(b.c).toBe(a.c);
    expect(b.imported).toBe(a.imported);
  });

  it("a model file of an earlier version keeps its createdAt and seconds when loaded and saved", () => {
    const dir = join(root, "old");
    mkdirSync(dir);
    miann(["import", join(process.cwd(), "test/fixtures/icnn-reference-plane.json"), "-o", "m.json"], dir);
    const { file } = loadModel(join(dir, "m.json"));
    const history = [{ epoch: 0, train: 1, seconds: 0.5 }];
    const old = serializeModelFile({
      ...file,
      createdAt: "2026-11-27T05:00:00.000Z",
      training: { settings: {}, sigma: [1, 1, 1], history, seconds: 2 },
    });
    writeFileSync(join(dir, "old.json"), old);
    const loaded = loadModel(join(dir, "old.json")).file;
    expect(loaded.createdAt).toBe("2026-11-27T05:00:00.000Z");
    expect(loaded.training?.seconds).toBe(2);
    expect(serializeModelFile(loaded)).toBe(old);
  });
});
