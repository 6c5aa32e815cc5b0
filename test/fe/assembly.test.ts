import { describe, expect, it } from "vitest";
import type { Support } from "../../src/fe/dofs.js";
import { tubeMesh } from "../../src/fe/mesh.js";
import { StaticModel } from "../../src/fe/static.js";
import { Random } from "../../src/util/random.js";
import { svkMembrane } from "./svk-double.js";

describe("assembled system", () => {
  it("tangent = −∂residual/∂u by central differences, with skew supports and follower pressure", () => {
    // a tube whose end rings slide radially only (node frames): the pressure's load stiffness is
    // then symmetric once assembled, so the symmetric solver's tangent is the exact Jacobian
    const mesh = tubeMesh(1, 1, 8, 2);
    const frames = new Map<number, Float64Array>();
    const supports: Support[] = [];
    for (const set of ["bottom", "top"]) {
      for (const node of mesh.nodeSets.get(set)!) {
        const x = mesh.nodes[3 * node];
        const y = mesh.nodes[3 * node + 1];
        const r = Math.hypot(x, y);
        frames.set(node, Float64Array.from([x / r, -y / r, 0, y / r, x / r, 0, 0, 0, 1]));
        supports.push({ node, component: 1 }, { node, component: 2 });
      }
    }
    const model = new StaticModel({
      mesh,
      material: svkMembrane(),
      supports,
      frames,
      pressure: { value: 300 },
    });
    const rng = new Random(9);
    const nn = mesh.nodes.length / 3;
    const u = new Float64Array(nn * 3);
    for (let i = 0; i < u.length; i++) u[i] = rng.range(-0.03, 0.03);
    model.dofs.applySupports(u, 0); // a state the supports allow
    model.assemble(u, 1, true);
    const n = model.dofs.equations;
    const K = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => model.matrix.get(i, j)),
    );
    const h = 1e-6;
    const step = new Float64Array(n);
    let worst = 0;
    let scale = 0;
    for (let j = 0; j < n; j++) {
      const up = Float64Array.from(u);
      const um = Float64Array.from(u);
      step.fill(0);
      step[j] = h;
      model.dofs.addIncrement(up, step);
      step[j] = -h;
      model.dofs.addIncrement(um, step);
      model.assemble(up, 1, false);
      const rp = Float64Array.from(model.residual);
      model.assemble(um, 1, false);
      for (let i = 0; i < n; i++) {
        const fd = -(rp[i] - model.residual[i]) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - K[i][j]));
        scale = Math.max(scale, Math.abs(K[i][j]));
      }
    }
    expect(worst).toBeLessThan(1e-6 * scale);
  });
});
