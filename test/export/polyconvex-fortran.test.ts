import { describe, expect, it } from "vitest";
import { generateAbaqusUmat } from "../../src/export/abaqus-umat.js";
import { bakeDescription } from "../../src/export/baked-network.js";
import { generateCalculixUmat } from "../../src/export/calculix-umat.js";
import { describeModel } from "../../src/export/description.js";
import { generateFortranNetwork } from "../../src/export/fortran-network.js";
import { polyconvexFortranWrapper } from "../../src/export/polyconvex-fortran.js";
import { provenanceOf } from "../../src/export/provenance.js";
import { scratchDir } from "../support/scratch.js";
import { maxBlockRelativeError, splitRecords } from "./compare.js";
import { evaluate, polyconvexModel, polyconvexNormsModel, strainsFor } from "./family-models.js";
import { calculixHarness, networkHarness, umatHarness } from "./fortran-harness.js";
import { det, miannIndex, mul, pairs, randomF, strainOf, transpose } from "./kinematics.js";
import { compile, gfortran, runNumbers } from "./toolchain.js";

const fflags = ["-O2", "-Wall", "-Wno-unused-dummy-argument", "-Werror"];
/** the compressible fixture with scales (rubber-like: stresses ~ kPa), and a model with the norms */
const models = [
  ["", polyconvexModel("compressible", [0.6, 1.5, 0.3, 0.3], 2.5e3)],
  [
    " with the norm inputs ‖F‖, ‖cof F‖",
    polyconvexNormsModel("compressible", [0.6, 1.5, 0.3, 0.3, 0.2, 0.35], 2.5e3, 41),
  ],
] as const;

for (const [label, model] of models) {
  const desc = describeModel(model);
  const net = bakeDescription(desc);
  const wrapper = polyconvexFortranWrapper(desc);

  describe.skipIf(!gfortran.ok)(
    `Fortran exports of the compressible polyconvex family${label}`,
    { timeout: 300_000 },
    () => {
      it("the core routine equals PolyconvexModel on 1,000 deformations (1e-12) and gives S(0) = 0", () => {
        const exe = compile(
          scratchDir("export-"),
          "gfortran",
          { "net.f": generateFortranNetwork(net, "MATNET", wrapper), "main.f": networkHarness("MATNET", 6) },
          [...fflags, "net.f", "main.f"],
          "run",
        );
        const n = 1000;
        const strain = strainsFor(model, n, 17, 1.5);
        const [energy, stress, tangent] = splitRecords(
          runNumbers(exe, [n + 1, ...strain, 0, 0, 0, 0, 0, 0]),
          n + 1,
          [1, 6, 36],
        );
        const ref = evaluate(model, strain, n);
        expect(maxBlockRelativeError(stress.subarray(0, 6 * n), ref.stress, 6)).toBeLessThan(1e-12);
        expect(maxBlockRelativeError(tangent.subarray(0, 36 * n), ref.tangent, 36)).toBeLessThan(1e-12);
        expect(maxBlockRelativeError(energy.subarray(0, n), ref.energy, n)).toBeLessThan(1e-12);
        const scale = Math.max(...Array.from(ref.stress, Math.abs));
        for (const v of stress.subarray(6 * n)) expect(Math.abs(v)).toBeLessThan(1e-13 * scale);
        expect(energy[n]).toBe(0);
      });

      it("CalculiX umat_user: PK2 stress and stiff(21) in CalculiX's order equal PolyconvexModel's", () => {
        const exe = compile(
          scratchDir("export-"),
          "gfortran",
          {
            "umat_user.f": generateCalculixUmat(net, provenanceOf(model), "mat", wrapper),
            "main.f": calculixHarness(),
          },
          [...fflags, "umat_user.f", "main.f"],
          "run",
        );
        const Fs = randomF(200, 23, 0.25);
        const x = Float64Array.from(Fs.flatMap(strainOf));
        // CalculiX's emec: 11, 22, 33, 12, 13, 23 with tensor shear
        const emecs = Fs.map((_, p) => {
          const e = x.subarray(p * 6, p * 6 + 6);
          return [e[0], e[1], e[2], e[5] / 2, e[4] / 2, e[3] / 2];
        });
        const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        const input = emecs.flatMap((e) => [0, ...e, ...identity]);
        const [stre, stiff] = splitRecords(runNumbers(exe, [emecs.length, ...input]), emecs.length, [6, 21]);
        const ref = evaluate(model, x, Fs.length);
        const S = new Float64Array(Fs.length * 6);
        const K = new Float64Array(Fs.length * 21);
        Fs.forEach((_, p) => {
          pairs.forEach(([i, j], a) => {
            S[p * 6 + a] = ref.stress[p * 6 + miannIndex[i][j]];
          });
          let k = 0;
          for (let b = 0; b < 6; b++)
            for (let a = 0; a <= b; a++) {
              const [i, j] = pairs[a];
              const [l, m] = pairs[b];
              K[p * 21 + k++] = ref.tangent[p * 36 + miannIndex[i][j] * 6 + miannIndex[l][m]];
            }
        });
        expect(maxBlockRelativeError(stre, S, 6)).toBeLessThan(1e-12);
        expect(maxBlockRelativeError(stiff, K, 21)).toBeLessThan(1e-12);
      });

      it("Abaqus UMAT: Cauchy stress = J⁻¹ F S Fᵀ of PolyconvexModel's S, SSE = ψ, DDSDDE passes the perturbation check", () => {
        const exe = compile(
          scratchDir("export-"),
          "gfortran",
          { "umat.f": generateAbaqusUmat(net, provenanceOf(model), "mat", wrapper), "main.f": umatHarness() },
          [...fflags, "umat.f", "main.f"],
          "run",
        );
        const run = (Fs: number[][]) => {
          const [stress, ddsdde, sse] = splitRecords(
            runNumbers(exe, [Fs.length, ...Fs.flat()]),
            Fs.length,
            [6, 36, 1],
          );
          return { stress, ddsdde, sse };
        };
        const Fs = randomF(200, 29, 0.25);
        const out = run(Fs);
        const x = Float64Array.from(Fs.flatMap(strainOf));
        const ref = evaluate(model, x, Fs.length);
        const expected = new Float64Array(Fs.length * 6);
        Fs.forEach((F, p) => {
          const S = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => ref.stress[p * 6 + miannIndex[i][j]]));
          const tau = mul(mul(F, S), transpose(F));
          pairs.forEach(([i, j], a) => {
            expected[p * 6 + a] = tau[i * 3 + j] / det(F);
          });
        });
        expect(maxBlockRelativeError(out.stress, expected, 6)).toBeLessThan(1e-12);
        expect(maxBlockRelativeError(out.sse, ref.energy, Fs.length)).toBeLessThan(1e-12);
        // DDSDDE: central difference of J·σ under F → (I + ε sym(e_i⊗e_j)) F, over J·ε
        const few = Fs.slice(0, 20);
        const eps = 1e-6;
        const inputs: number[][] = [];
        for (const F of few)
          for (const [i, j] of pairs)
            for (const sign of [1, -1]) {
              const dF = new Array(9).fill(0);
              dF[i * 3 + j] += (sign * eps) / 2;
              dF[j * 3 + i] += (sign * eps) / 2;
              const P = mul(dF, F);
              inputs.push(F.map((v, k) => v + P[k]));
            }
        const pert = run(inputs);
        const numeric = new Float64Array(few.length * 36);
        few.forEach((F, p) => {
          for (let b = 0; b < 6; b++)
            for (let a = 0; a < 6; a++) {
              const plus = det(inputs[p * 12 + 2 * b]) * pert.stress[(p * 12 + 2 * b) * 6 + a];
              const minus = det(inputs[p * 12 + 2 * b + 1]) * pert.stress[(p * 12 + 2 * b + 1) * 6 + a];
              numeric[p * 36 + a * 6 + b] = (plus - minus) / (2 * eps * det(F));
            }
        });
        expect(maxBlockRelativeError(out.ddsdde.subarray(0, few.length * 36), numeric, 36)).toBeLessThan(
          1e-6,
        );
      });
    },
  );
}
