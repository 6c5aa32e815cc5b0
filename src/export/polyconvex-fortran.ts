import { positiveWeight } from "../core/activations.js";
import type { ExportDescription } from "./description.js";
import type { FortranWrapper } from "./fortran-network.js";
import { fortranNumber } from "./numbers.js";

/**
 * The compressible polyconvex family's physical wrapper in fixed-form Fortran, the same
 * formulas and order of operations as the C export (polyconvex-c.ts) and as
 * src/model/families/invariants.ts: C = I + 2E, its inverse D, J = √det C,
 * y = (I1 − 3, I2 − 3, J − 1, 1 − J), B = ∂y/∂x, then with y' = y/δ and the network's G, H:
 *   S = κ(B'ᵀG + (gγ − n) k),  T = κ(B'ᵀHB' + (G₂/δ₂)∂²I2 + (G₃/δ₃ − G₄/δ₄ + gγ − n)∂²J + G'' k kᵀ),
 *   W = κ(Ñ(y') − Ñ(0) − n(J − 1) + g u²)   (docs/theory.md, section "The polyconvex family").
 * With the norm inputs, y gains √I1 − √3 and √I2 − √3 (inputs 5, 6) with ∂√I = ∂I/(2√I) and
 * ∂²√I = ∂²I/(2√I) − ∂I ∂Iᵀ/(4 I^{3/2}), which add (G_j/δ_j)∂²√I to T.
 * A strain with det C ≤ 0 (no deformation) gives W, S and C as NaN.
 */
export function polyconvexFortranWrapper(desc: ExportDescription): FortranWrapper {
  const head = desc.head;
  if (head.map !== "invariants" || head.variant !== "compressible" || desc.tail.correction !== "volumetric") {
    throw new Error("internal: the Fortran polyconvex wrapper is for the compressible variant");
  }
  const qGrowth = desc.network.groups.find((g) => g.name === "qGrowth");
  if (!qGrowth) throw new Error("internal: compressible polyconvex description without qGrowth");
  const growth = positiveWeight(qGrowth.values[0], desc.network.alpha);
  const delta = head.inputScale;
  const cprime = desc.tail.zeroDirection.map((v, j) => v / delta[j]);
  const kappa = desc.tail.stressScale;
  const norms = head.norms;
  /** the network input width: 4 base invariants, and with the norms 6 */
  const m = desc.network.inputWidth;
  return (f, name, inner) => {
    f.stmt(`SUBROUTINE ${name}(X, W, S, C, WANTC)`);
    f.comment("polyconvex (compressible): strain X(6) -> energy W, stress S(6),");
    f.comment("tangent C(6,6) if WANTC; NaN when det C <= 0");
    f.stmt("IMPLICIT NONE");
    f.stmt("LOGICAL WANTC");
    f.stmt("DOUBLE PRECISION X(6), W, S(6), C(6,6)");
    f.stmt("DOUBLE PRECISION CC(9), DI(9), C00, C01, C02, DET, RINV");
    f.stmt("DOUBLE PRECISION AJ, AI1, AI2, TRC2, DA, AN, U, R, COEF");
    f.stmt(`DOUBLE PRECISION Y(${m}), YS(${m}), B(${m},6), AK(6), HJ(6,6)`);
    f.stmt(`DOUBLE PRECISION G(${m}), H(${m},${m}), G0(${m}), HB(${m},6), X0(${m})`);
    f.stmt("DOUBLE PRECISION V, V0, T, AN2, AJC, G2, H2, ZERO");
    f.stmt(`DOUBLE PRECISION DELTA(${m}), CPR(${m}), KAPPA, GROWTH`);
    if (norms) f.stmt("DOUBLE PRECISION RI(2), DII(2,6), AII");
    f.stmt("INTEGER IP(6), JP(6), IA, IB, I, J");
    f.stmt(`PARAMETER (KAPPA = ${fortranNumber(kappa)})`);
    f.stmt(`PARAMETER (GROWTH = ${fortranNumber(growth)})`);
    f.stmt("DATA IP /1, 2, 3, 2, 1, 1/");
    f.stmt("DATA JP /1, 2, 3, 3, 3, 2/");
    for (let j = 0; j < m; j++) f.stmt(`DATA DELTA(${j + 1}) /${fortranNumber(delta[j])}/`);
    for (let j = 0; j < m; j++) f.stmt(`DATA CPR(${j + 1}) /${fortranNumber(cprime[j])}/`);
    f.comment("C = I + 2E (row-major 3 x 3), its cofactors, det C");
    f.stmt("CC(1) = 1.0D0 + 2.0D0 * X(1)");
    f.stmt("CC(5) = 1.0D0 + 2.0D0 * X(2)");
    f.stmt("CC(9) = 1.0D0 + 2.0D0 * X(3)");
    f.stmt("CC(6) = X(4)");
    f.stmt("CC(8) = X(4)");
    f.stmt("CC(3) = X(5)");
    f.stmt("CC(7) = X(5)");
    f.stmt("CC(2) = X(6)");
    f.stmt("CC(4) = X(6)");
    f.stmt("C00 = CC(5) * CC(9) - CC(6) * CC(8)");
    f.stmt("C01 = CC(3) * CC(8) - CC(2) * CC(9)");
    f.stmt("C02 = CC(2) * CC(6) - CC(3) * CC(5)");
    f.stmt("DET = CC(1) * C00 + CC(4) * C01 + CC(7) * C02");
    f.stmt("IF (.NOT. (DET .GT. 0.0D0)) THEN");
    f.comment("no deformation: NaN (0/0 at run time) in every output");
    f.stmt("ZERO = 0.0D0", 2);
    f.stmt("W = ZERO / ZERO", 2);
    f.stmt("DO I = 1, 6", 2);
    f.stmt("S(I) = W", 4);
    f.stmt("DO J = 1, 6", 4);
    f.stmt("C(I,J) = W", 6);
    f.stmt("END DO", 4);
    f.stmt("END DO", 2);
    f.stmt("RETURN", 2);
    f.stmt("END IF");
    f.stmt("RINV = 1.0D0 / DET");
    f.stmt("DI(1) = C00 * RINV");
    f.stmt("DI(2) = C01 * RINV");
    f.stmt("DI(3) = C02 * RINV");
    f.stmt("DI(4) = (CC(6) * CC(7) - CC(4) * CC(9)) * RINV");
    f.stmt("DI(5) = (CC(1) * CC(9) - CC(3) * CC(7)) * RINV");
    f.stmt("DI(6) = (CC(3) * CC(4) - CC(1) * CC(6)) * RINV");
    f.stmt("DI(7) = (CC(4) * CC(8) - CC(5) * CC(7)) * RINV");
    f.stmt("DI(8) = (CC(2) * CC(7) - CC(1) * CC(8)) * RINV");
    f.stmt("DI(9) = (CC(1) * CC(5) - CC(2) * CC(4)) * RINV");
    f.stmt("AJ = SQRT(DET)");
    f.stmt("AI1 = CC(1) + CC(5) + CC(9)");
    f.stmt("TRC2 = 0.0D0");
    f.stmt("DO I = 1, 9");
    f.stmt("TRC2 = TRC2 + CC(I) * CC(I)", 2);
    f.stmt("END DO");
    f.stmt("AI2 = 0.5D0 * (AI1 * AI1 - TRC2)");
    f.stmt("Y(1) = AI1 - 3.0D0");
    f.stmt("Y(2) = AI2 - 3.0D0");
    f.stmt("Y(3) = AJ - 1.0D0");
    f.stmt("Y(4) = 1.0D0 - AJ");
    f.comment("B = dy/dx, k = dJ/dx = J voigt(C^-1)");
    f.stmt("DO IA = 1, 6");
    f.stmt("I = IP(IA)", 2);
    f.stmt("J = JP(IA)", 2);
    f.stmt("AN = 0.0D0", 2);
    f.stmt("IF (I .EQ. J) AN = 1.0D0", 2);
    f.stmt("DA = DI((I-1)*3+J)", 2);
    f.stmt("B(1,IA) = 2.0D0 * AN", 2);
    f.stmt("B(2,IA) = 2.0D0 * (AI1 * AN - CC((I-1)*3+J))", 2);
    f.stmt("B(3,IA) = AJ * DA", 2);
    f.stmt("B(4,IA) = -AJ * DA", 2);
    f.stmt("AK(IA) = AJ * DA", 2);
    f.stmt("END DO");
    if (norms) {
      f.comment("the norms sqrt(I) - sqrt(3), d sqrt(I) = dI / (2 sqrt(I)); DII = dI");
      f.stmt("DO J = 1, 2");
      f.stmt("RI(J) = SQRT(Y(J) + 3.0D0)", 2);
      f.stmt("Y(4+J) = RI(J) - SQRT(3.0D0)", 2);
      f.stmt("DO IA = 1, 6", 2);
      f.stmt("DII(J,IA) = B(J,IA)", 4);
      f.stmt("B(4+J,IA) = B(J,IA) / (2.0D0 * RI(J))", 4);
      f.stmt("END DO", 2);
      f.stmt("END DO");
    }
    f.comment("network at y' = y / delta and at 0, B' = B / delta");
    f.stmt(`DO J = 1, ${m}`);
    f.stmt("YS(J) = Y(J) / DELTA(J)", 2);
    f.stmt("X0(J) = 0.0D0", 2);
    f.stmt("DO IA = 1, 6", 2);
    f.stmt("B(J,IA) = B(J,IA) / DELTA(J)", 4);
    f.stmt("END DO", 2);
    f.stmt("END DO");
    f.stmt(`CALL ${inner}(X0, V0, G0, H, .FALSE.)`);
    f.stmt(`CALL ${inner}(YS, V, G, H, WANTC)`);
    f.comment("normalisation n on J (S(0) = 0), growth term g u^2");
    f.stmt("AN2 = 0.0D0");
    f.stmt(`DO J = 1, ${m}`);
    f.stmt("AN2 = AN2 + CPR(J) * G0(J)", 2);
    f.stmt("END DO");
    f.stmt("U = AJ + 1.0D0 / AJ - 2.0D0");
    f.stmt("COEF = GROWTH * 2.0D0 * U * (1.0D0 - 1.0D0 / (AJ * AJ)) - AN2");
    f.stmt("DO IA = 1, 6");
    f.stmt("T = 0.0D0", 2);
    f.stmt(`DO J = 1, ${m}`, 2);
    f.stmt("T = T + B(J,IA) * G(J)", 4);
    f.stmt("END DO", 2);
    f.stmt("S(IA) = KAPPA * (T + COEF * AK(IA))", 2);
    f.stmt("END DO");
    f.stmt("W = KAPPA * (V - V0 - AN2 * (AJ - 1.0D0) + GROWTH * U * U)");
    f.stmt("IF (.NOT. WANTC) RETURN");
    f.comment("d2J/dx2 = J (d_a d_b - (D_ik D_jl + D_il D_jk))");
    f.stmt("DO IA = 1, 6");
    f.stmt("DO IB = 1, 6", 2);
    f.stmt("HJ(IA,IB) = AJ * (DI((IP(IA)-1)*3+JP(IA))", 4);
    f.raw("     &        * DI((IP(IB)-1)*3+JP(IB))");
    f.raw("     &        - (DI((IP(IA)-1)*3+IP(IB)) * DI((JP(IA)-1)*3+JP(IB))");
    f.raw("     &        + DI((IP(IA)-1)*3+JP(IB)) * DI((JP(IA)-1)*3+IP(IB))))");
    f.stmt("END DO", 2);
    f.stmt("END DO");
    f.comment("T = B'^T H B' (H symmetrised) + the invariants' own curvature");
    f.stmt(`DO I = 1, ${m}`);
    f.stmt("DO IA = 1, 6", 2);
    f.stmt("T = 0.0D0", 4);
    f.stmt(`DO J = 1, ${m}`, 4);
    f.stmt("T = T + 0.5D0 * (H(I,J) + H(J,I)) * B(J,IA)", 6);
    f.stmt("END DO", 4);
    f.stmt("HB(I,IA) = T", 4);
    f.stmt("END DO", 2);
    f.stmt("END DO");
    f.stmt("R = 1.0D0 - 1.0D0 / (AJ * AJ)");
    f.stmt("AJC = G(3) / DELTA(3) - G(4) / DELTA(4) + COEF");
    f.stmt("G2 = 2.0D0 * GROWTH * (R * R + 2.0D0 * U / (AJ * AJ * AJ))");
    f.stmt("DO IA = 1, 6");
    f.stmt("DO IB = 1, 6", 2);
    f.stmt("T = 0.0D0", 4);
    f.stmt(`DO I = 1, ${m}`, 4);
    f.stmt("T = T + B(I,IA) * HB(I,IB)", 6);
    f.stmt("END DO", 4);
    f.comment("d2 I2: [[0,4,4],[4,0,4],[4,4,0]] (+) (-2 I3)");
    f.stmt("H2 = 0.0D0", 4);
    f.stmt("IF (IA .LE. 3 .AND. IB .LE. 3 .AND. IA .NE. IB) H2 = 4.0D0", 4);
    f.stmt("IF (IA .GT. 3 .AND. IA .EQ. IB) H2 = -2.0D0", 4);
    f.stmt("T = T + G(2) / DELTA(2) * H2 + AJC * HJ(IA,IB)", 4);
    if (norms) {
      f.comment("the norms: d2 sqrt(I) = d2 I/(2 sqrt(I)) - dI dI^T/(4 I^(3/2))");
      f.stmt("AII = Y(1) + 3.0D0", 4);
      f.stmt("T = T - G(5) / DELTA(5) * DII(1,IA) * DII(1,IB)", 4);
      f.raw("     &        / (4.0D0 * AII * RI(1))");
      f.stmt("AII = Y(2) + 3.0D0", 4);
      f.stmt("T = T + G(6) / DELTA(6) * (H2 / (2.0D0 * RI(2))", 4);
      f.raw("     &        - DII(2,IA) * DII(2,IB) / (4.0D0 * AII * RI(2)))");
    }
    f.stmt("C(IA,IB) = KAPPA * (T + G2 * AK(IA) * AK(IB))", 4);
    f.stmt("END DO", 2);
    f.stmt("END DO");
    f.stmt("RETURN");
    f.stmt("END");
  };
}
