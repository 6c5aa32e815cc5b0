/**
 * FE speed: one Newton iteration (assembly of residual and tangent with one batched material call,
 * skyline LDLᵀ factorisation, solve) on a ~10,000-triangle membrane with the fabric law. Reports
 * wall time and CPU time per phase (medians of 5): on a shared machine the CPU time is the figure
 * that does not depend on the other processes.
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
const phases = ["assembly", "LDLᵀ", "solve"] as const;
const wall: Record<string, number[]> = { assembly: [], LDLᵀ: [], solve: [] };
const cpu: Record<string, number[]> = { assembly: [], LDLᵀ: [], solve: [] };
const run: Record<(typeof phases)[number], () => void> = {
  assembly: () => model.assemble(u, 1, true),
  LDLᵀ: () => model.matrix.factor(),
  solve: () => {
    du.set(model.residual);
    model.matrix.solve(du);
  },
};
for (let rep = 0; rep < 5; rep++) {
  for (const phase of phases) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run[phase]();
    wall[phase].push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[phase].push((c.user + c.system) / 1000);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[(v.length / 2) | 0];
const line = (times: Record<string, number[]>) => {
  const parts = phases.map((p) => `${p} ${median(times[p]).toFixed(1)}`);
  const total = phases.reduce((s, p) => s + median(times[p]), 0);
  return `${parts.join(" + ")} = ${total.toFixed(1)} ms`;
};
console.log(
  `fe: ${mesh.triangles.length / 3} triangles, ${model.dofs.equations} equations, skyline profile ${model.matrix.profile} entries`,
);
console.log(`one Newton iteration, CPU (median of 5): ${line(cpu)} (target < 1000 ms)`);
console.log(`one Newton iteration, wall (median of 5): ${line(wall)}`);
