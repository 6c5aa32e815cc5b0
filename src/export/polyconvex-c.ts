import { positiveWeight } from "../core/activations.js";
import type { CFamily } from "./c-source.js";
import type { ExportDescription } from "./description.js";
import { cNumber } from "./numbers.js";

function cArray(name: string, values: ArrayLike<number>): string {
  const items: string[] = [];
  for (let i = 0; i < values.length; i++) items.push(cNumber(values[i]));
  return `static const double ${name}[${values.length}] = {${items.join(", ")}};\n`;
}

/**
 * The polyconvex family's head and tail in C, around the shared network of the C export
 * (docs/theory.md, section "The polyconvex family"): the invariants y(x) of C = I + 2E and their
 * derivatives B = ∂y/∂x and second derivatives (the same formulas, in the same order, as
 * src/model/families/invariants.ts), then with y' = y/δ and Ñ's gradient g and Hessian H at y':
 *   compressible: ψ = κ(Ñ(y') − Ñ(0) − n(J − 1) + g u²), n = (c/δ)·∇Ñ(0), u = J + 1/J − 2,
 *     S = κ(B'ᵀg + (gγ − n) k),  k = ∂J/∂x, γ = 2u(1 − J⁻²),
 *     T = κ(B'ᵀHB' + (g₂/δ₂)∂²I2 + (g₃/δ₃ − g₄/δ₄ + gγ − n)∂²J + G'' k kᵀ);
 *   membrane (C33 = 1/det C2): ψ = κ(Ñ(y') − Ñ(0)), S = κB'ᵀg, T = κ(B'ᵀHB' + Σ_j (g_j/δ_j)∂²I_j).
 * With the norm inputs, y gains √I1 − √3 and √I2 − √3 after the base invariants, with
 * ∂√I = ∂I/(2√I) and ∂²√I = ∂²I/(2√I) − ∂I ∂Iᵀ/(4 I^{3/2}), which add (g_j/δ_j)∂²√I to T.
 * A strain whose det C ≤ 0 is no deformation: every requested output is then NaN, and
 * <prefix>_is_deformation() tells the caller beforehand.
 */
export function polyconvexCFamily(desc: ExportDescription, prefix: string): CFamily {
  const head = desc.head;
  if (head.map !== "invariants") throw new Error("internal: not a polyconvex description");
  const compressible = head.variant === "compressible";
  const d = desc.strainDim;
  const m = desc.network.inputWidth;
  const norms = head.norms;
  /** the number of base invariants; the norms follow at mb, mb + 1 */
  const mb = m - (norms ? 2 : 0);
  const constants: string[] = [
    "/* the network sees the scaled invariants y' = y / delta; psi = kappa * (...) */\n",
    cArray("DELTA", head.inputScale),
    `static const double KAPPA = ${cNumber(desc.tail.stressScale)};\n`,
  ];
  if (compressible && desc.tail.correction === "volumetric") {
    const qGrowth = desc.network.groups.find((g) => g.name === "qGrowth");
    if (!qGrowth) throw new Error("internal: compressible polyconvex description without qGrowth");
    const c = desc.tail.zeroDirection.map((v, j) => v / head.inputScale[j]);
    constants.push(
      "/* n = CPRIME . grad N~(0) (zero stress at zero strain) and the growth g = P(qGrowth) */\n",
      cArray("CPRIME", c),
      `static const double GROWTH = ${cNumber(positiveWeight(qGrowth.values[0], desc.network.alpha))};\n`,
    );
  }
  const kinematics = compressible
    ? `/* Voigt pairs (i, j) of 11, 22, 33, 23, 13, 12 */
static const int PI_[6] = {0, 1, 2, 1, 0, 0};
static const int PJ_[6] = {0, 1, 2, 2, 2, 1};

/* y = (I1 - 3, I2 - 3, J - 1, 1 - J), B = dy/dx (4 x 6), J, k = dJ/dx and, if HJ, d2J/dx2;
   returns 0, or 1 when det C <= 0 */
static int kinematics(const double *x, double *y, double *B, double *J, double *k, double *HJ)
{
  double C[9], D[9], c00, c01, c02, det, inv, I1, I2, trC2 = 0.0;
  int a, b, i;
  C[0] = 1.0 + 2.0 * x[0];
  C[4] = 1.0 + 2.0 * x[1];
  C[8] = 1.0 + 2.0 * x[2];
  C[5] = C[7] = x[3];
  C[2] = C[6] = x[4];
  C[1] = C[3] = x[5];
  c00 = C[4] * C[8] - C[5] * C[7];
  c01 = C[2] * C[7] - C[1] * C[8];
  c02 = C[1] * C[5] - C[2] * C[4];
  det = C[0] * c00 + C[3] * c01 + C[6] * c02;
  if (!(det > 0.0)) return 1;
  inv = 1.0 / det;
  D[0] = c00 * inv;
  D[1] = c01 * inv;
  D[2] = c02 * inv;
  D[3] = (C[5] * C[6] - C[3] * C[8]) * inv;
  D[4] = (C[0] * C[8] - C[2] * C[6]) * inv;
  D[5] = (C[2] * C[3] - C[0] * C[5]) * inv;
  D[6] = (C[3] * C[7] - C[4] * C[6]) * inv;
  D[7] = (C[1] * C[6] - C[0] * C[7]) * inv;
  D[8] = (C[0] * C[4] - C[1] * C[3]) * inv;
  *J = sqrt(det);
  I1 = C[0] + C[4] + C[8];
  for (i = 0; i < 9; i++) trC2 += C[i] * C[i];
  I2 = 0.5 * (I1 * I1 - trC2);
  y[0] = I1 - 3.0;
  y[1] = I2 - 3.0;
  y[2] = *J - 1.0;
  y[3] = 1.0 - *J;
  for (a = 0; a < 6; a++) {
    const int pi = PI_[a], pj = PJ_[a];
    const double normal = pi == pj ? 1.0 : 0.0;
    const double da = D[pi * 3 + pj];
    B[a] = 2.0 * normal;
    B[6 + a] = 2.0 * (I1 * normal - C[pi * 3 + pj]);
    B[12 + a] = *J * da;
    B[18 + a] = -*J * da;
    k[a] = *J * da;
  }
  if (HJ)
    for (a = 0; a < 6; a++)
      for (b = 0; b < 6; b++) {
        const int ii = PI_[a], jj = PJ_[a], kk = PI_[b], ll = PJ_[b];
        HJ[a * 6 + b] = *J * (D[ii * 3 + jj] * D[kk * 3 + ll] - (D[ii * 3 + kk] * D[jj * 3 + ll] + D[ii * 3 + ll] * D[jj * 3 + kk]));
      }
  return 0;
}
`
    : `/* y = (I1 - 3, I2 - 3) with C33 = 1/det C2, B = dy/dx (2 x 3) and, if H1, H2, their second
   derivatives; returns 0, or 1 when det C2 <= 0 */
static int kinematics(const double *x, double *y, double *B, double *H1, double *H2)
{
  static const double d2Delta[9] = {0.0, 4.0, 0.0, 4.0, 0.0, 0.0, 0.0, 0.0, -2.0};
  static const double dTau[3] = {2.0, 2.0, 0.0};
  const double c11 = 1.0 + 2.0 * x[0], c22 = 1.0 + 2.0 * x[1], c12 = x[2];
  const double det = c11 * c22 - c12 * c12;
  double c33, tau, dDelta[3], dC33[3];
  int a, b;
  if (!(det > 0.0)) return 1;
  c33 = 1.0 / det;
  tau = c11 + c22;
  y[0] = tau + c33 - 3.0;
  y[1] = det + c33 * tau - 3.0;
  dDelta[0] = 2.0 * c22;
  dDelta[1] = 2.0 * c11;
  dDelta[2] = -2.0 * c12;
  for (a = 0; a < 3; a++) {
    dC33[a] = -dDelta[a] * c33 * c33;
    B[a] = dTau[a] + dC33[a];
    B[3 + a] = dDelta[a] + tau * dC33[a] + c33 * dTau[a];
  }
  if (H1)
    for (a = 0; a < 3; a++)
      for (b = 0; b < 3; b++) {
        const double d2C33 = 2.0 * c33 * c33 * c33 * dDelta[a] * dDelta[b] - c33 * c33 * d2Delta[a * 3 + b];
        H1[a * 3 + b] = d2C33;
        H2[a * 3 + b] = d2Delta[a * 3 + b] + tau * d2C33 + dTau[a] * dC33[b] + dC33[a] * dTau[b];
      }
  return 0;
}
`;
  const tangentTerms = compressible
    ? `    {
      const double n2 = g[1] / DELTA[1];
      const double r = 1.0 - 1.0 / (J * J);
      const double jcoef = g[2] / DELTA[2] - g[3] / DELTA[3] + coef;
      const double g2 = 2.0 * GROWTH * (r * r + 2.0 * u / (J * J * J));
      for (a = 0; a < ${d}; a++)
        for (b = 0; b < ${d}; b++) {
          const double h2 = a < 3 ? (b < 3 ? (a == b ? 0.0 : 4.0) : 0.0) : (a == b ? -2.0 : 0.0);
          T[a * ${d} + b] += n2 * h2 + jcoef * HJ[a * ${d} + b] + g2 * k[a] * k[b];
        }
    }`
    : `    for (a = 0; a < ${d}; a++)
      for (b = 0; b < ${d}; b++)
        T[a * ${d} + b] += g[0] / DELTA[0] * H1[a * ${d} + b] + g[1] / DELTA[1] * H2[a * ${d} + b];`;
  const hessianOfI = compressible
    ? `r == 0 ? 0.0 : (a < 3 ? (b < 3 ? (a == b ? 0.0 : 4.0) : 0.0) : (a == b ? -2.0 : 0.0))`
    : `r == 0 ? H1[a * ${d} + b] : H2[a * ${d} + b]`;
  const normTangent = norms
    ? `
    /* the norms' own curvature: d2 sqrt(I) = d2 I / (2 sqrt(I)) - dI dI^T / (4 I^(3/2)) */
    for (r = 0; r < 2; r++) {
      const double nr = g[${mb} + r] / DELTA[${mb} + r];
      const double I = y[r] + 3.0;
      for (a = 0; a < ${d}; a++)
        for (b = 0; b < ${d}; b++) {
          const double hI = ${hessianOfI};
          T[a * ${d} + b] += nr * (hI / (2.0 * rootI[r]) - dI[r * ${d} + a] * dI[r * ${d} + b] / (4.0 * I * rootI[r]));
        }
    }`
    : "";
  const normInputs = norms
    ? `  /* the norms ||F|| - sqrt(3) = sqrt(I1) - sqrt(3), ||cof F|| - sqrt(3) = sqrt(I2) - sqrt(3),
     d sqrt(I) = dI / (2 sqrt(I)); dI kept unscaled for the tangent */
  for (r = 0; r < 2; r++) {
    rootI[r] = sqrt(y[r] + 3.0);
    y[${mb} + r] = rootI[r] - sqrt(3.0);
    for (a = 0; a < ${d}; a++) {
      dI[r * ${d} + a] = B[r * ${d} + a];
      B[(${mb} + r) * ${d} + a] = B[r * ${d} + a] / (2.0 * rootI[r]);
    }
  }
`
    : "";
  const wrapper = `${kinematics}
/* N~(0) and grad N~(0), computed by the same compiled network, so that S(0) = 0 holds */
static void at_zero(double *n0, double *g0)
{
  static const double zero[${m}] = {0.0};
  network(zero, n0, g0, NULL);
}

static void evaluate(const double *n0, const double *g0, const double *strain, double *energy,
                     double *stress, double *tangent)
{
  double y[${m}], ys[${m}], B[${m * d}], g[${m}], h[${m * m}], v = 0.0;
  double T[${d * d}], HB[${m * d}];
${
  compressible
    ? `  double J, k[${d}], HJ[${d * d}], u, nrm = 0.0, coef;
  const int bad = kinematics(strain, y, B, &J, k, tangent ? HJ : NULL);`
    : `  double H1[${d * d}], H2[${d * d}];
  const int bad = kinematics(strain, y, B, tangent ? H1 : NULL, H2);`
}
  int a, b, i, j${norms ? `, r;\n  double rootI[2], dI[${2 * d}]` : ""};
${compressible ? "" : "  (void)g0; /* no correction on the membrane: S(0) = 0 by the invariants */\n"}  if (bad) {
    if (energy) *energy = NAN;
    if (stress)
      for (a = 0; a < ${d}; a++) stress[a] = NAN;
    if (tangent)
      for (a = 0; a < ${d * d}; a++) tangent[a] = NAN;
    return;
  }
${normInputs}  for (j = 0; j < ${m}; j++) {
    ys[j] = y[j] / DELTA[j];
    for (a = 0; a < ${d}; a++) B[j * ${d} + a] /= DELTA[j];
  }
  network(ys, energy ? &v : NULL, g, tangent ? h : NULL);
${
  compressible
    ? `  for (j = 0; j < ${m}; j++) nrm += CPRIME[j] * g0[j];
  u = J + 1.0 / J - 2.0;
  coef = GROWTH * 2.0 * u * (1.0 - 1.0 / (J * J)) - nrm;`
    : ""
}
  if (stress)
    for (a = 0; a < ${d}; a++) {
      double s = 0.0;
      for (j = 0; j < ${m}; j++) s += B[j * ${d} + a] * g[j];
${compressible ? "      s += coef * k[a];\n" : ""}      stress[a] = KAPPA * s;
    }
  if (tangent) {
    /* B'^T H B' (H symmetrised), then the invariants' own curvature */
    for (i = 0; i < ${m}; i++)
      for (a = 0; a < ${d}; a++) {
        double s = 0.0;
        for (j = 0; j < ${m}; j++) s += 0.5 * (h[i * ${m} + j] + h[j * ${m} + i]) * B[j * ${d} + a];
        HB[i * ${d} + a] = s;
      }
    for (a = 0; a < ${d}; a++)
      for (b = 0; b < ${d}; b++) {
        double s = 0.0;
        for (i = 0; i < ${m}; i++) s += B[i * ${d} + a] * HB[i * ${d} + b];
        T[a * ${d} + b] = s;
      }
${tangentTerms}${normTangent}
    for (a = 0; a < ${d * d}; a++) tangent[a] = KAPPA * T[a];
  }
  if (energy)
    *energy = KAPPA * (v - *n0${compressible ? " - nrm * (J - 1.0) + GROWTH * u * u" : ""});
}

int ${prefix}_is_deformation(const double strain[${d}])
{
  double y[${m}], B[${m * d}]${compressible ? `, J, k[${d}]` : ""};
  return kinematics(strain, y, B, ${compressible ? "&J, k, NULL" : "NULL, NULL"}) == 0;
}

`;
  return {
    strainDim: d,
    constants: constants.join(""),
    wrapper,
    notes: [
      `polyconvex family, ${head.variant} variant${norms ? " with the norm inputs ||F||, ||cof F||" : ""}: strains must be deformations (det C > 0);`,
      "for any other strain every output is NaN (check with <prefix>_is_deformation)",
    ],
    headerExtra: `\n/* 1 when det C > 0 (a deformation), else 0: the other functions then give NaN */\nint ${prefix}_is_deformation(const double strain[${d}]);`,
  };
}
