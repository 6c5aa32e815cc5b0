import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "../../src/train/checkpoint.js";
import { scratchDir } from "../support/scratch.js";

/**
 * The built CLI (`npm run build` first), spawned from the repo root. Small data and a small network
 * keep each run to a second or two; the accuracy claims live in the demo and the README.
 */
const CLI = join(process.cwd(), "dist/cli/miann.js");
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
  dir = scratchDir("train-");
  dataFile = join(dir, "toy.csv");
  writeToyCsv(dataFile, 400);
});

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
    // 400 rows: the fast recipe, β₂ 0.98 and the 30 % hold recorded with it
    expect(file.training.settings).toMatchObject({
      optimizer: "adam",
      batch: 48,
      adamBeta2: 0.98,
      lrHold: 0.3,
    });
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
    // epochs count from 1 in the progress lines, as in the text output and bestEpoch
    expect(lines.filter((l) => l.type === "progress").map((l) => l.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const result = lines[lines.length - 1];
    expect(result.type).toBe("result");
    expect(result.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(result.bestEpoch).toBeLessThanOrEqual(8);
    const file = JSON.parse(readFileSync(out, "utf8"));
    expect(file.training.bestEpoch).toBe(result.bestEpoch);
    expect(file.training.history[0].epoch).toBe(1);
    // the model's name is the output file's name without .json (exports use it as an identifier)
    expect(file.name).toBe("j");
    const bad = run(["train", dataFile, "--epochs", "ten", "-o", join(dir, "x.json")]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('miann: --epochs: expected an integer ≥ 1, got "ten"\n');
  });

  it("--adam-beta2 0.999 --lr-hold 0 (the recipe before them) records neither; such a checkpoint, as an earlier version wrote it, resumes", () => {
    const settings = (file: string) => JSON.parse(readFileSync(file, "utf8")).training.settings;
    // the earlier recipe: its settings (and checkpoints) have neither key
    const classic = ["--adam-beta2", "0.999", "--lr-hold", "0"];
    const full = join(dir, "classic.json");
    const ck = join(dir, "classic.ckpt");
    const args = ["train", dataFile, ...small, "--epochs", "6", "--quiet", ...classic];
    expect(run([...args, "--checkpoint", ck, "--checkpoint-every", "3", "-o", full]).status).toBe(0);
    expect(settings(full)).not.toHaveProperty("adamBeta2");
    expect(settings(full)).not.toHaveProperty("lrHold");
    expect(loadCheckpoint(ck).epoch).toBe(3);
    // resumed without the options, as a checkpoint of an earlier version would be: same model
    const resumed = join(dir, "classic-resumed.json");
    const r = run(["train", dataFile, "--threads", "1", "--quiet", "--resume", ck, "-o", resumed]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(readFileSync(resumed, "utf8")).params).toEqual(
      JSON.parse(readFileSync(full, "utf8")).params,
    );
    const bad = run(["train", dataFile, "--lr-hold", "1", "-o", join(dir, "bad-hold.json")]);
    expect([bad.status, bad.stderr]).toEqual([1, 'miann: --lr-hold: expected a number ≤ 0.99, got "1"\n']);
    const bad2 = run(["train", dataFile, "--adam-beta2", "0", "-o", join(dir, "bad-beta.json")]);
    expect([bad2.status, bad2.stderr]).toEqual([
      1,
      'miann: --adam-beta2: expected a positive number, got "0"\n',
    ]);
  });

  it("--epochs 1 says '1 epoch' and keeps the parameters after epoch 1; --name names the model", () => {
    const out = join(dir, "one.json");
    const r = run(["train", dataFile, ...small, "--epochs", "1", "--name", "my rubber", "-o", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/: 1 epoch in [\d.]+ s, completed; kept the parameters after epoch 1 \(/);
    expect(JSON.parse(readFileSync(out, "utf8")).name).toBe("my rubber");
  });

  it("warns, as data info does, about tensor-named shear, percent strains, inadmissible rows and extra columns", () => {
    // a fabric-like membrane table written three wrong ways
    const rows = Array.from({ length: 60 }, (_, i) => {
      const e = [0.05 * Math.sin(i), 0.04 * Math.cos(1.7 * i), 0.1 * Math.sin(0.3 * i)];
      return { e, s: [2e4 * e[0] + 4e3 * e[1], 4e3 * e[0] + 2e4 * e[1], 1e3 * e[2]] };
    });
    const write = (
      name: string,
      header: string,
      line: (r: (typeof rows)[0], i: number) => number[],
      sep = ",",
    ) => {
      const p = join(dir, name);
      writeFileSync(p, `${header}\n${rows.map((r, i) => line(r, i).join(sep)).join("\n")}\n`);
      return p;
    };
    const tensor = write("tensor.csv", "E11,E22,E12,S11,S22,S12", (r) => [
      r.e[0],
      r.e[1],
      r.e[2] / 2,
      ...r.s,
    ]);
    const percent = write("pct.csv", "E11,E22,G12,S11,S22,S12", (r) => [...r.e.map((v) => 100 * v), ...r.s]);
    const lab = write(
      "lab.csv",
      "id;temp;E11;E22;G12;S11;S22;S12",
      (r, i) => [i + 1, 23, ...r.e, ...r.s],
      ";", // a semicolon-separated .csv, sniffed
    );
    const warnings = (file: string) => {
      const r = run([
        "train",
        file,
        ...small,
        "--epochs",
        "2",
        "--quiet",
        "-o",
        join(dir, `${basename(file)}.json`),
      ]);
      expect(r.status).toBe(0);
      return r.stderr.trim().split("\n");
    };
    expect(warnings(tensor)).toEqual([
      expect.stringMatching(
        /^miann: warning: .*tensor\.csv: shear strain column E12 is named like a tensor .*--shear tensor$/,
      ),
    ]);
    const pct = warnings(percent);
    expect(pct).toHaveLength(2);
    expect(pct[0]).toMatch(
      /strains reach [\d.]+: if they are in percent, read them with --strain-factor 0\.01$/,
    );
    expect(pct[1]).toMatch(/\d+ of 60 rows are not a real deformation/);
    expect(warnings(lab)).toEqual([
      expect.stringMatching(
        /read 8 columns as d = 4: .*choose the others with --strain and --stress, e\.g\. --strain 3-5 --stress 6-8/,
      ),
    ]);
    // chosen columns: no warning, and the model records the data's warnings only when there are some
    const ok = run([
      "train",
      lab,
      ...small,
      "--epochs",
      "2",
      "--quiet",
      "--strain",
      "3-5",
      "--stress",
      "6-8",
      "-o",
      join(dir, "lab-ok.json"),
    ]);
    expect(ok.stderr).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "lab-ok.json"), "utf8")).training.data.warnings).toBeUndefined();
    const rec = JSON.parse(readFileSync(join(dir, "tensor.csv.json"), "utf8")).training.data.warnings;
    expect(rec).toHaveLength(1);
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
