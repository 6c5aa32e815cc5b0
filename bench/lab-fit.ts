/**
 * The lab-data row of `npm run bench`: three test curves (synthetic Ogden rubber, uniaxial,
 * equibiaxial, pure shear, 20 points each, 1 % noise: `miann data generate --material
 * ogden-membrane --tests ... --noise 0.01`) fitted with miann's defaults (`miann train
 * ogden.csv -o m.json`, every row trains), per model kind: wall seconds of the whole process
 * (start-up included), the training seconds it reports, and R² of P11 per test against the
 * noise-free curves (`miann evaluate`, unclipped).
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { packageRoot } from "../src/kernels/package-root.js";
import { benchScratchDir } from "./scratch.js";

export interface LabFitRun {
  kind: string;
  wallSeconds: number;
  trainingSeconds: number;
  r2: Record<string, number>;
  loadBefore: number;
  loadAfter: number;
}

export function labFit(kinds: string[] = ["miann", "polyconvex"]): LabFitRun[] {
  const dir = benchScratchDir("lab-");
  const cli = join(packageRoot(), "dist", "cli", "miann.js");
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: dir, maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`miann ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  };
  const tests = "uniaxial,equibiaxial,pure-shear";
  const runs: LabFitRun[] = [];
  try {
    run([
      "data",
      "generate",
      "--material",
      "ogden-membrane",
      "--tests",
      tests,
      "--points",
      "20",
      "--noise",
      "0.01",
      "-o",
      "ogden.csv",
    ]);
    run([
      "data",
      "generate",
      "--material",
      "ogden-membrane",
      "--tests",
      tests,
      "--points",
      "20",
      "-o",
      "clean.csv",
    ]);
    for (const kind of kinds) {
      const loadBefore = os.loadavg()[0];
      const t0 = performance.now();
      const out = run(["train", "ogden.csv", "--model", kind, "--json", "-o", `${kind}.json`]);
      const wallSeconds = (performance.now() - t0) / 1e3;
      const result = out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
        .find((m) => m.type === "result");
      const ev = JSON.parse(run(["evaluate", `${kind}.json`, "clean.csv", "--json"]));
      const r2: Record<string, number> = {};
      for (const t of ev.tests) r2[t.mode] = t.r2;
      runs.push({
        kind,
        wallSeconds,
        trainingSeconds: result.seconds,
        r2,
        loadBefore,
        loadAfter: os.loadavg()[0],
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}
