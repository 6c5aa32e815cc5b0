import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "../../src/train/checkpoint.js";

/**
 * The built CLI (`npm run build` first), spawned from the repo root. Small data and a small network
 * keep each run to a second or two; the accuracy claims live in the demo and the README.
 */
const CLI = join(process.cwd(), "dist/src/cli/main.js");
let dir: string;
let dataFile: string;

function writeToyCsv(path: string, n: number): void {
  // a convex toy law in 2D: s = ∇W with W = 50 x1² + 30 x1 x2 + 40 x2² + 500 x1⁴
  const lines = ["E11,E22,S11,S22"];
  for (let i = 0; i < n; i++) {
    const x1 = 0.1 * Math.sin(1.3 * i + 0.2);
    const x2 = 0.1 * Math.cos(0.7 * i * i + 0.5);
    lines.push(`${x1},${x2},${100 * x1 + 30 * x2 + 2000 * x1 ** 3},${30 * x1 + 80 * x2}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** resolves once `predicate` holds (polling), or rejects after `ms` */
async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "miann-train-"));
  dataFile = join(dir, "toy.csv");
  writeToyCsv(dataFile, 400);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = ["--hidden", "6,4", "--threads", "1"];

describe("miann train (CLI)", () => {
  it("trains, writes a model file with the training record, and refuses to overwrite it", () => {
    const out = join(dir, "m.json");
    const r = run(["train", dataFile, ...small, "--epochs", "40", "--quiet", "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/split\s+rows\s+component\s+RMSE\s+RMSE\/σ\s+R²/);
    expect(r.stdout).toMatch(/quadratic term/);
    const file = JSON.parse(readFileSync(out, "utf8"));
    expect(file.kind).toBe("miann");
    expect(file.training.sigma).toHaveLength(2);
    expect(file.training.metrics.test.count).toBe(60);
    expect(file.training.history.length).toBeGreaterThan(10);
    expect(file.training.diagnostic.quadraticStiffness).toHaveLength(2);
    const again = run(["train", dataFile, ...small, "--epochs", "5", "--quiet", "-o", out]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`miann: ${out}: already exists; pass --force to replace it\n`);
  });

  it("--json prints one JSON object per line; a bad option is one line, exit 1", () => {
    const out = join(dir, "j.json");
    const r = run([
      "train",
      dataFile,
      ...small,
      "--model",
      "regression",
      "--epochs",
      "8",
      "--json",
      "-o",
      out,
    ]);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === "progress")).toHaveLength(8);
    expect(lines[lines.length - 1].type).toBe("result");
    const bad = run(["train", dataFile, "--epochs", "ten", "-o", join(dir, "x.json")]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('miann: --epochs: expected an integer ≥ 1, got "ten"\n');
  });

  it("Ctrl-C writes a checkpoint and exits 130; --resume finishes with the same model as an uninterrupted run", async () => {
    const full = join(dir, "full.json");
    const args = [...small, "--optimizer", "adam", "--epochs", "1500", "--batch", "0", "--quiet"];
    expect(run(["train", dataFile, ...args, "-o", full]).status).toBe(0);
    const ckpt = join(dir, "run.ckpt");
    const out = join(dir, "resumed.json");
    const child = spawn(process.execPath, [
      CLI,
      "train",
      dataFile,
      ...args,
      "--checkpoint",
      ckpt,
      "--checkpoint-every",
      "5",
      "-o",
      out,
    ]);
    let stderr = "";
    child.stderr.on("data", (b) => (stderr += b));
    const done = exited(child);
    await waitFor(() => existsSync(ckpt), 30_000);
    child.kill("SIGINT");
    const code = await done;
    expect({ code, stderr }).toMatchObject({
      code: 130,
      stderr: expect.stringMatching(/interrupted at epoch \d+; checkpoint written to/),
    });
    expect(existsSync(out)).toBe(false);
    const ck = loadCheckpoint(ckpt);
    expect(ck.epoch).toBeGreaterThan(0);
    const r = run(["train", dataFile, "--resume", ckpt, "--threads", "1", "--quiet", "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).params).toEqual(
      JSON.parse(readFileSync(full, "utf8")).params,
    );
  });

  it("a run killed outright leaves no corrupt checkpoint and no partial model file", async () => {
    const ckpt = join(dir, "kill.ckpt");
    const out = join(dir, "killed.json");
    const child = spawn(process.execPath, [
      CLI,
      "train",
      dataFile,
      ...small,
      "--epochs",
      "100000",
      "--checkpoint",
      ckpt,
      "--checkpoint-every",
      "1",
      "--quiet",
      "-o",
      out,
    ]);
    const done = exited(child);
    await waitFor(() => existsSync(ckpt), 30_000);
    await new Promise((r) => setTimeout(r, 300)); // let it write a few more checkpoints
    child.kill("SIGKILL");
    await done;
    expect(existsSync(out)).toBe(false);
    const ck = loadCheckpoint(ckpt); // parses completely: never half written
    expect(ck.params.length).toBeGreaterThan(0);
  });
});
