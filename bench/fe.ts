/**
 * FE speed: one Newton iteration (assembly of residual and tangent with one batched material call,
 * skyline LDLᵀ factorisation, solve) on a ~10,000-triangle membrane with the fabric law.
 * Run: npm run build && node dist/bench/fe.js [cellsPerSide=71]
 */
import { createMaterial } from "../src/data/materials/index.js";
import { rectangleMesh } from "../src/fe/mesh.js";
import { StaticModel } from "../src/fe/static.js";

const n = Number(process.argv[2] ?? 71);
const mesh = rectangleMesh(1, 1, n, n);
const nn = mesh.nodes.length / 3;
const supports = [...mesh.nodeSets.get("boundary")!].flatMap((node) =>
  [0, 1, 2].map((component) => ({
    node,
    component,
    value: component < 2 ? 0.05 * mesh.nodes[3 * node + component] : 0,
  })),
);
const model = new StaticModel({ mesh, material: createMaterial("fabric"), supports });
// a prestretched state with a small out-of-plane bump: a generic, non-trivial iterate
const u = new Float64Array(nn * 3);
for (let i = 0; i < nn; i++) {
  const x = mesh.nodes[3 * i];
  const y = mesh.nodes[3 * i + 1];
  u[3 * i] = 0.05 * x;
  u[3 * i + 1] = 0.05 * y;
  u[3 * i + 2] = 0.01 * Math.sin(Math.PI * x) * Math.sin(Math.PI * y);
}
const du = new Float64Array(model.dofs.equations);
const times = { assemble: [] as number[], factor: [] as number[], solve: [] as number[] };
const cpu: number[] = [];
for (let rep = 0; rep < 5; rep++) {
  const c0 = process.cpuUsage();
  let t = performance.now();
  model.assemble(u, 1, true);
  times.assemble.push(performance.now() - t);
  t = performance.now();
  model.matrix.factor();
  times.factor.push(performance.now() - t);
  t = performance.now();
  du.set(model.residual);
  model.matrix.solve(du);
  times.solve.push(performance.now() - t);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[(v.length / 2) | 0];
const a = median(times.assemble);
const f = median(times.factor);
const s = median(times.solve);
console.log(
  `fe: ${mesh.triangles.length / 3} triangles, ${model.dofs.equations} equations, skyline profile ${model.matrix.profile} entries`,
);
console.log(
  `one Newton iteration (median of 5): assembly ${a.toFixed(1)} ms + LDLᵀ ${f.toFixed(1)} ms + solve ${s.toFixed(1)} ms = ${(a + f + s).toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms CPU (target < 1000 ms)`,
);
