import { describe, expect, it } from "vitest";
import { generateAbaqusUmat } from "../../src/export/abaqus-umat.js";
import { bakeNetwork } from "../../src/export/baked-network.js";
import { generateCalculixUmat } from "../../src/export/calculix-umat.js";
import type { ExportableModel } from "../../src/export/exportable.js";
import { generateFortranNetwork } from "../../src/export/fortran-network.js";
import { provenanceOf } from "../../src/export/provenance.js";
import { Random } from "../../src/util/random.js";
import { scratchDir } from "../support/scratch.js";
import { maxBlockRelativeError, splitRecords } from "./compare.js";
import { fixtureModel, fixturePaths, readFixture } from "./fixture-model.js";
import { calculixHarness, networkHarness, umatHarness } from "./fortran-harness.js";
import { det, miannIndex, mul, pairs, randomF, rotation, strainOf, transpose } from "./kinematics.js";
import { miannEvaluate, randomStrains } from "./oracle.js";
import { compile, gfortran, runNumbers } from "./toolchain.js";

const fflags = ["-O2", "-Wall", "-Wno-unused-dummy-argument", "-Werror"];
const solid = readFixture(fixturePaths.solid);
/** the 3D fixture with a physical scaling (rubber-like: strains ~0.2, stresses ~MPa) */
const solidModel = fixtureModel(solid, {
  strainScale: [0.2, 0.2, 0.2, 0.3, 0.3, 0.3],
  stressScale: 2.5e5,
  name: "rubber",
});

describe.skipIf(!gfortran.ok)("Fortran network core", () => {
  for (const key of ["plane", "solid"] as const) {
    it(`reproduces the PyTorch fixture (${key})`, () => {
      const f = readFixture(fixturePaths[key]);
      const d = f.inputDim;
      const src = generateFortranNetwork(bakeNetwork(fixtureModel(f)), "MATNET");
      const exe = compile(
        scratchDir("export-"),
        "gfortran",
        { "net.f": src, "main.f": networkHarness("MATNET", d) },
        [...fflags, "net.f", "main.f"],
        "run",
      );
      const n = f.inputs.length;
      const [energy, stress, tangent] = splitRecords(runNumbers(exe, [n, ...f.inputs.flat()]), n, [
        1,
        d,
        d * d,
      ]);
      expect(maxBlockRelativeError(stress, f.expected.stress.flat(), d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(tangent, f.expected.tangent.flat(2), d * d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(energy, f.expected.energy, n)).toBeLessThan(1e-12);
    });
  }

  // (the "potential" kind in Fortran is covered by architectures.test.ts)
  it("matches NetworkModel on 1,000 random strains with scaling", () => {
    const models: ExportableModel[] = [solidModel];
    for (const [i, model] of models.entries()) {
      const d = 6;
      const src = generateFortranNetwork(bakeNetwork(model), "MATNET");
      const exe = compile(
        scratchDir("export-"),
        "gfortran",
        { "net.f": src, "main.f": networkHarness("MATNET", d) },
        [...fflags, "net.f", "main.f"],
        "run",
      );
      const strain = randomStrains(model, 1000, 100 + i, 1.5);
      const [energy, stress, tangent] = splitRecords(runNumbers(exe, [1000, ...strain]), 1000, [1, d, d * d]);
      const ref = miannEvaluate(model, strain, 1000);
      expect(maxBlockRelativeError(stress, ref.stress, d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(tangent, ref.tangent, d * d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(energy, ref.energy, 1000)).toBeLessThan(1e-12);
    }
  });
});

describe.skipIf(!gfortran.ok)("Abaqus UMAT", () => {
  const exe = (() => {
    let path: string | undefined;
    return () => {
      path ??= compile(
        scratchDir("export-"),
        "gfortran",
        {
          "umat.f": generateAbaqusUmat(bakeNetwork(solidModel), provenanceOf(solidModel), "mat"),
          "main.f": umatHarness(),
        },
        [...fflags, "umat.f", "main.f"],
        "run",
      );
      return path;
    };
  })();
  const runUmat = (Fs: number[][]) => {
    const [stress, ddsdde, sse] = splitRecords(
      runNumbers(exe(), [Fs.length, ...Fs.flat()]),
      Fs.length,
      [6, 36, 1],
    );
    return { stress, ddsdde, sse };
  };

  it("returns the Cauchy stress of miann's S pushed forward, and SSE = W, for rotated stretches", () => {
    const Fs = randomF(200, 7, 0.25);
    const out = runUmat(Fs);
    const x = Float64Array.from(Fs.flatMap(strainOf));
    const ref = miannEvaluate(solidModel, x, Fs.length);
    const expected = new Float64Array(Fs.length * 6);
    Fs.forEach((F, p) => {
      const S = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => ref.stress[p * 6 + miannIndex[i][j]]));
      const tau = mul(mul(F, S), transpose(F));
      const J = det(F);
      pairs.forEach(([i, j], a) => {
        expected[p * 6 + a] = tau[i * 3 + j] / J;
      });
    });
    expect(maxBlockRelativeError(out.stress, expected, 6)).toBeLessThan(1e-12);
    expect(maxBlockRelativeError(out.sse, ref.energy, Fs.length)).toBeLessThan(1e-12);
  });

  it("has a DDSDDE that passes the perturbation check (Jaumann rate of Kirchhoff stress / J)", () => {
    // perturb F by ε/2 (e_i⊗e_j + e_j⊗e_i) F, central difference of J·σ over J·ε
    const Fs = randomF(20, 8, 0.3);
    const eps = 1e-6;
    const inputs: number[][] = [];
    for (const F of Fs) {
      for (const [i, j] of pairs) {
        for (const sign of [1, -1]) {
          const dF = new Array(9).fill(0);
          dF[i * 3 + j] += (sign * eps) / 2;
          dF[j * 3 + i] += (sign * eps) / 2;
          const P = mul(dF, F);
          inputs.push(F.map((v, k) => v + P[k]));
        }
      }
    }
    const base = runUmat(Fs);
    const pert = runUmat(inputs);
    const numeric = new Float64Array(Fs.length * 36);
    Fs.forEach((F, p) => {
      const J = det(F);
      for (let b = 0; b < 6; b++) {
        const plus = inputs[p * 12 + 2 * b];
        const minus = inputs[p * 12 + 2 * b + 1];
        for (let a = 0; a < 6; a++) {
          const tauPlus = det(plus) * pert.stress[(p * 12 + 2 * b) * 6 + a];
          const tauMinus = det(minus) * pert.stress[(p * 12 + 2 * b + 1) * 6 + a];
          numeric[p * 36 + a * 6 + b] = (tauPlus - tauMinus) / (2 * eps * J);
        }
      }
    });
    expect(maxBlockRelativeError(base.ddsdde, numeric, 36)).toBeLessThan(1e-6);
  });
});

describe.skipIf(!gfortran.ok)("CalculiX umat_user", () => {
  let exePath: string | undefined;
  // compiled on first use, inside a test, so a compiler error fails that test with its message
  const exe = () =>
    (exePath ??= compile(
      scratchDir("export-"),
      "gfortran",
      {
        "umat_user.f": generateCalculixUmat(bakeNetwork(solidModel), provenanceOf(solidModel), "mat"),
        "main.f": calculixHarness(),
      },
      [...fflags, "umat_user.f", "main.f"],
      "run",
    ));
  const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  /** runs umat_user; with `axes`, under an orientation whose local axes are those (row-major) */
  const runCcx = (emec: number[][], axes?: number[][]) => {
    const input = emec.flatMap((e, p) => [axes ? 1 : 0, ...e, ...(axes ? axes[p] : identity)]);
    const [stre, stiff] = splitRecords(runNumbers(exe(), [emec.length, ...input]), emec.length, [6, 21]);
    return { stre, stiff };
  };
  /** random Lagrange strains in CalculiX's layout: 11,22,33,12,13,23 with tensor shear */
  const emecs = (() => {
    const rng = new Random(21);
    return Array.from({ length: 200 }, () => Array.from({ length: 6 }, () => rng.range(-0.3, 0.3)));
  })();

  it("maps CalculiX's order and tensor shear to miann's: PK2 stress and stiff(21) match NetworkModel", () => {
    const out = runCcx(emecs);
    const x = Float64Array.from(emecs.flatMap((e) => [e[0], e[1], e[2], 2 * e[5], 2 * e[4], 2 * e[3]]));
    const ref = miannEvaluate(solidModel, x, emecs.length);
    const S = new Float64Array(emecs.length * 6);
    const K = new Float64Array(emecs.length * 21);
    emecs.forEach((_, p) => {
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
    expect(maxBlockRelativeError(out.stre, S, 6)).toBeLessThan(1e-12);
    expect(maxBlockRelativeError(out.stiff, K, 21)).toBeLessThan(1e-12);
  });

  it("returns stiff(21) as the tensor components C_IJKL: dS_IJ = sum over all K,L of C_IJKL dE_KL", () => {
    // independent of miann's Voigt conventions: differentiate stre in emec, where a shear
    // component E_KL appears twice (KL and LK) in the full contraction
    const h = 1e-6;
    const base = emecs.slice(0, 10);
    const inputs = base.flatMap((e) =>
      [0, 1, 2, 3, 4, 5].flatMap((b) => [1, -1].map((sg) => e.map((v, k) => (k === b ? v + sg * h : v)))),
    );
    const pert = runCcx(inputs);
    const tangent = runCcx(base);
    const numeric = new Float64Array(base.length * 21);
    const full = (p: number, a: number, b: number) => {
      const r = p * 12 + 2 * b;
      const dS = (pert.stre[r * 6 + a] - pert.stre[(r + 1) * 6 + a]) / (2 * h);
      return b >= 3 ? dS / 2 : dS;
    };
    base.forEach((_, p) => {
      let k = 0;
      for (let b = 0; b < 6; b++) for (let a = 0; a <= b; a++) numeric[p * 21 + k++] = full(p, a, b);
    });
    expect(maxBlockRelativeError(tangent.stiff, numeric, 21)).toBeLessThan(1e-6);
  });

  it("honours *ORIENTATION: strain into the material axes, stress and stiffness back (tensor rotation)", () => {
    const rng = new Random(33);
    const local = emecs.slice(0, 30);
    const axes = local.map(() => {
      const a = [rng.normal(), rng.normal(), rng.normal()];
      const len = Math.hypot(...a);
      return rotation(
        a.map((v) => v / len),
        rng.range(-Math.PI, Math.PI),
      );
    });
    const toTensor = (v: ArrayLike<number>, o: number): number[] => {
      const t = new Array(9).fill(0);
      pairs.forEach(([i, j], a) => {
        t[i * 3 + j] = v[o + a];
        t[j * 3 + i] = v[o + a];
      });
      return t;
    };
    const fromTensor = (t: number[]): number[] => pairs.map(([i, j]) => t[i * 3 + j]);
    // global strain = R E_local Rᵀ
    const global = local.map((e, p) => fromTensor(mul(mul(axes[p], toTensor(e, 0)), transpose(axes[p]))));
    const rotated = runCcx(global, axes);
    const plain = runCcx(local);
    const S = new Float64Array(local.length * 6);
    const K = new Float64Array(local.length * 21);
    local.forEach((_, p) => {
      const R = axes[p];
      S.set(fromTensor(mul(mul(R, toTensor(plain.stre, p * 6)), transpose(R))), p * 6);
      // local C_IJKL from stiff(21), then C_ijkl = R_iI R_jJ R_kK R_lL C_IJKL
      const C = (I: number, J: number, Kk: number, L: number): number => {
        const a = pairs.findIndex(([x, y]) => (x === I && y === J) || (x === J && y === I));
        const b = pairs.findIndex(([x, y]) => (x === Kk && y === L) || (x === L && y === Kk));
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return plain.stiff[p * 21 + (hi * (hi + 1)) / 2 + lo];
      };
      let k = 0;
      for (let b = 0; b < 6; b++)
        for (let a = 0; a <= b; a++) {
          const [i, j] = pairs[a];
          const [l, m] = pairs[b];
          let sum = 0;
          for (let I = 0; I < 3; I++)
            for (let J = 0; J < 3; J++)
              for (let Kk = 0; Kk < 3; Kk++)
                for (let L = 0; L < 3; L++)
                  sum += R[i * 3 + I] * R[j * 3 + J] * R[l * 3 + Kk] * R[m * 3 + L] * C(I, J, Kk, L);
          K[p * 21 + k++] = sum;
        }
    });
    expect(maxBlockRelativeError(rotated.stre, S, 6)).toBeLessThan(1e-12);
    expect(maxBlockRelativeError(rotated.stiff, K, 21)).toBeLessThan(1e-12);
  });
});
