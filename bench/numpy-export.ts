/**
 * `npm run bench:numpy`: stress + tangent for N points (default 100,000) by the exported NumPy
 * module (`miann export --to numpy`) next to miann's own evaluation of the same model at the same
 * points, side by side in one run on the same machine. Never part of the tests.
 *
 *   npm run bench:numpy                    d = 6 (16-16-8) and d = 3 (9-9-6), 100,000 points
 *   npm run bench:numpy -- --n 20000       fewer points
 *
 * miann: NetworkModel.evaluate on the WebAssembly kernels (1 thread and all threads) and on the
 * TypeScript reference kernels. NumPy: stress_tangent(E) on an (N, d) array, best of 3 after one
 * warm-up, OPENBLAS_NUM_THREADS=1 (the module's work is elementwise and small matrix products).
 * The largest relative difference between the two is printed too.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { initialParameters } from "../src/core/init.js";
import { parameterLayout } from "../src/core/layout.js";
import { generateExport } from "../src/export/index.js";
import { createKernels } from "../src/kernels/index.js";
import { NetworkModel } from "../src/model/network-model.js";
import { Random } from "../src/util/random.js";
import { benchScratchDir } from "./scratch.js";

const PYTHON = process.env.PYTHON || "/usr/bin/python3";

const script = `
import importlib.util, json, sys, time
import numpy as np
spec = importlib.util.spec_from_file_location("material", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
E = np.fromfile(sys.argv[2], dtype=np.float64).reshape(-1, m.DIM)
times = []
for i in range(4):
    t0 = time.perf_counter()
    S, C = m.stress_tangent(E)
    times.append(time.perf_counter() - t0)
S.tofile(sys.argv[3])
C.tofile(sys.argv[4])
print(json.dumps({"seconds": min(times[1:]), "numpy": np.__version__}))
`;

function best(fn: () => void, repeats = 3): number {
  fn();
  let t = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    t = Math.min(t, performance.now() - t0);
  }
  return t / 1000;
}

function maxRelative(a: Float64Array, b: Float64Array, block: number): number {
  let worst = 0;
  for (let s = 0; s < b.length; s += block) {
    let scale = 1e-300;
    for (let i = s; i < s + block; i++) scale = Math.max(scale, Math.abs(b[i]));
    for (let i = s; i < s + block; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  }
  return worst;
}

function main(): void {
  const argv = process.argv.slice(2);
  let n = 100_000;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--n") n = Number(argv[++i]);
    else {
      console.error(`bench:numpy: unknown option ${argv[i]} (expected --n N)`);
      process.exit(1);
    }
  }
  if (!Number.isInteger(n) || n < 1) {
    console.error("bench:numpy: --n needs a positive integer");
    process.exit(1);
  }
  const threads = os.availableParallelism();
  console.log(
    `stress + tangent for ${n.toLocaleString("en-US")} points (load ${os.loadavg()[0].toFixed(2)}, ${threads} cores)`,
  );
  console.log("  model        implementation                  seconds   points/s     max rel. diff vs miann");
  for (const [d, hidden] of [
    [6, [16, 16, 8]],
    [3, [9, 9, 6]],
  ] as [number, number[]][]) {
    const layout = parameterLayout(d, hidden);
    const params = initialParameters(layout, { seed: 1, convex: true });
    const scaling = { strainScale: new Array<number>(d).fill(0.1), stressScale: 1e3 };
    const rng = new Random(3);
    const strain = Float64Array.from({ length: n * d }, () => rng.range(-0.1, 0.1));
    const label = `${d}-${hidden.join("-")}-1`.padEnd(12);
    const stress = new Float64Array(n * d);
    const tangent = new Float64Array(n * d * d);
    const rows: [string, number][] = [];
    for (const [name, options] of [
      ["miann WebAssembly, 1 thread", { backend: "wasm" as const, threads: 1 }],
      [`miann WebAssembly, ${threads} threads`, { backend: "wasm" as const, threads }],
      ["miann TypeScript reference", { backend: "reference" as const }],
    ] as const) {
      const model = new NetworkModel({ kind: "miann", inputDim: d, hidden }, params, scaling);
      const kernels = createKernels(layout, { convex: true, ...options });
      model.setKernels(kernels);
      rows.push([name, best(() => model.evaluate(strain, n, { stress, tangent }))]);
      kernels.dispose();
    }
    const dir = benchScratchDir("numpy-");
    try {
      const model = {
        name: "bench",
        kind: "miann" as const,
        inputDim: d,
        hidden,
        params,
        strainScale: scaling.strainScale,
        stressScale: scaling.stressScale,
        sha256: "0".repeat(64),
      };
      const file = join(dir, "material.py");
      writeFileSync(file, generateExport(model, "numpy", file)[0].text);
      writeFileSync(join(dir, "bench.py"), script);
      writeFileSync(join(dir, "E.bin"), strain);
      const r = spawnSync(
        PYTHON,
        [join(dir, "bench.py"), file, join(dir, "E.bin"), join(dir, "S.bin"), join(dir, "C.bin")],
        { encoding: "utf8", env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" } },
      );
      if (r.status !== 0) throw new Error(`${PYTHON} failed: ${r.stderr}`);
      const res = JSON.parse(r.stdout) as { seconds: number; numpy: string };
      const S = new Float64Array(readFileSync(join(dir, "S.bin")).buffer.slice(0));
      const C = new Float64Array(readFileSync(join(dir, "C.bin")).buffer.slice(0));
      const diff = Math.max(maxRelative(S, stress, d), maxRelative(C, tangent, d * d));
      for (const [name, s] of rows) {
        console.log(
          `  ${label} ${name.padEnd(29)} ${s.toFixed(3).padStart(7)}   ${Math.round(n / s)
            .toLocaleString("en-US")
            .padStart(10)}`,
        );
      }
      console.log(
        `  ${label} ${`NumPy ${res.numpy}, 1 thread`.padEnd(29)} ${res.seconds.toFixed(3).padStart(7)}   ${Math.round(
          n / res.seconds,
        )
          .toLocaleString("en-US")
          .padStart(10)}     ${diff.toExponential(1)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main();
