import type { BakedNetwork } from "./baked-network.js";
import { FortranLines } from "./fortran-lines.js";
import { fortranNumber } from "./numbers.js";

/**
 * A family's physical wrapper SUBROUTINE <name>(X, W, S, C, WANTC) around the network routine
 * <inner>(XS, V, G, H, WANTH) (network input XS of the network's width): it writes the
 * statements of the wrapper into `f`.
 */
export type FortranWrapper = (f: FortranLines, name: string, inner: string) => void;

/**
 * Generates a fixed-form Fortran subroutine
 *     SUBROUTINE <name>(X, W, S, C, WANTC)
 * that evaluates the exported material in physical units and miann's Voigt order: strain X(d) →
 * energy W, stress S(d) and, when WANTC is .TRUE., the tangent C(d,d) = dS/dX (symmetrised).
 * The same passes as the C export (docs/theory.md, section "The derivatives"): forward, reverse for the gradient, then d
 * tangent passes each followed by a reverse pass to x. Scaling (docs/theory.md, section "Scaling"):
 *     x' = x/D,  S = κ D⁻¹(∇Ñ(x') − ∇Ñ(0)),  C = κ D⁻¹∇²Ñ D⁻¹,  W = κ(Ñ(x') − Ñ(0) − ∇Ñ(0)·x').
 * Fortran is case-insensitive, so the adjoints are named ZB (of z) and AB (of a).
 */
export function generateFortranNetwork(net: BakedNetwork, name: string, wrapper?: FortranWrapper): string {
  const d = net.inputDim;
  const n = net.hidden;
  const L = n.length;
  const f = new FortranLines();
  const inner = `${name}N`;
  if (wrapper) {
    wrapper(f, name, inner);
    f.comment();
  } else {
    // the physical wrapper: scaling and the zero-strain correction, computed here (not baked) so
    // that S(0) = 0 and W(0) = 0 hold exactly, whatever the compiler's rounding
    f.stmt(`SUBROUTINE ${name}(X, W, S, C, WANTC)`);
    f.comment(`strain X(${d}) -> energy W, stress S(${d}), tangent C(${d},${d}) if WANTC`);
    f.stmt("IMPLICIT NONE");
    f.stmt("LOGICAL WANTC");
    f.stmt(`DOUBLE PRECISION X(${d}), W, S(${d}), C(${d},${d})`);
    f.stmt(`DOUBLE PRECISION DS(${d}), XS(${d}), X0(${d}), G(${d}), G0(${d})`);
    f.stmt(`DOUBLE PRECISION H(${d},${d}), V, V0, KAPPA, T`);
    f.stmt("INTEGER K, M");
    f.stmt(`PARAMETER (KAPPA = ${fortranNumber(net.stressScale)})`);
    for (let i = 0; i < d; i++) f.stmt(`DATA DS(${i + 1}) /${fortranNumber(net.strainScale[i])}/`);
    f.stmt(`DO K = 1, ${d}`);
    f.stmt("XS(K) = X(K) / DS(K)", 2);
    f.stmt("X0(K) = 0.0D0", 2);
    f.stmt("END DO");
    f.stmt(`CALL ${inner}(X0, V0, G0, H, .FALSE.)`);
    f.stmt(`CALL ${inner}(XS, V, G, H, WANTC)`);
    f.comment("W = kappa (N(x') - N(0) - grad N(0).x'), S = kappa (G - G0) / D");
    f.stmt("W = V - V0");
    f.stmt(`DO K = 1, ${d}`);
    f.stmt("W = W - G0(K) * XS(K)", 2);
    f.stmt("S(K) = KAPPA * (G(K) - G0(K)) / DS(K)", 2);
    f.stmt("END DO");
    f.stmt("W = KAPPA * W");
    f.stmt("IF (.NOT. WANTC) RETURN");
    f.comment("physical tangent, symmetrised: C = kappa D^-1 H D^-1");
    f.stmt(`DO K = 1, ${d}`);
    f.stmt(`DO M = 1, ${d}`, 2);
    f.stmt("T = 0.5D0 * (H(K,M) + H(M,K))", 4);
    f.stmt("C(K,M) = KAPPA * (T / DS(K)) / DS(M)", 4);
    f.stmt("END DO", 2);
    f.stmt("END DO");
    f.stmt("RETURN");
    f.stmt("END");
    f.comment();
  }
  f.stmt(`SUBROUTINE ${inner}(XS, V, G, H, WANTH)`);
  f.comment(`scaled strain XS(${d}) -> N~(XS), gradient G, Hessian H if WANTH`);
  f.stmt("IMPLICIT NONE");
  f.stmt("LOGICAL WANTH");
  f.stmt(`DOUBLE PRECISION XS(${d}), V, G(${d}), H(${d},${d})`);
  const arrays: [string, ArrayLike<number>][] = [
    ["W1", net.W1],
    ["B1", net.b1],
  ];
  net.layers.forEach((layer, i) => {
    arrays.push([`P${i + 2}`, layer.P], [`B${i + 2}`, layer.b], [`S${i + 2}`, layer.S]);
  });
  arrays.push(["QOUT", net.q], ["MQ", net.M]);
  for (const [a, v] of arrays) f.stmt(`DOUBLE PRECISION ${a}(${v.length})`);
  f.stmt("DOUBLE PRECISION BETA2");
  for (let l = 1; l <= L; l++) {
    const w = n[l - 1];
    f.stmt(`DOUBLE PRECISION Z${l}(${w}), D${l}(${w}), E${l}(${w})`);
    f.stmt(`DOUBLE PRECISION ZB${l}(${w}), AB${l}(${w})`);
    f.stmt(`DOUBLE PRECISION T${l}(${w}), R${l}(${w})`);
    if (l < L) f.stmt(`DOUBLE PRECISION V${l}(${w})`);
  }
  f.stmt("DOUBLE PRECISION A, U, EX, Y, SP, SG, SGP, T");
  f.stmt(L > 1 ? "INTEGER I, J, K, M, IC" : "INTEGER I, K, M, IC");
  f.stmt(`PARAMETER (BETA2 = ${fortranNumber(net.beta * net.beta)})`);
  f.comment("network parameters, constraint maps applied (P(Q), P(q), M = A^T A)");
  for (const [a, v] of arrays) {
    for (let i = 0; i < v.length; i++) f.stmt(`DATA ${a}(${i + 1}) /${fortranNumber(v[i])}/`);
  }
  // forward pass; phi, phi', phi'' overflow-free, log1p by the Goldberg correction
  f.comment("forward: a_l = P_l z_(l-1) + b_l + S_l x', z_l = phi(a_l),");
  f.comment("D = phi'(a), E = phi''(a)  (miann docs/theory.md, The derivatives)");
  for (let l = 1; l <= L; l++) {
    const w = n[l - 1];
    const wp = l > 1 ? n[l - 2] : 0;
    f.stmt(`DO I = 1, ${w}`);
    if (l === 1) {
      f.stmt("A = B1(I)", 2);
      f.stmt(`DO K = 1, ${d}`, 2);
      f.stmt(`A = A + W1((I-1)*${d}+K) * XS(K)`, 4);
      f.stmt("END DO", 2);
    } else {
      f.stmt(`A = B${l}(I)`, 2);
      f.stmt(`DO J = 1, ${wp}`, 2);
      f.stmt(`A = A + P${l}((I-1)*${wp}+J) * Z${l - 1}(J)`, 4);
      f.stmt("END DO", 2);
      f.stmt(`DO K = 1, ${d}`, 2);
      f.stmt(`A = A + S${l}((I-1)*${d}+K) * XS(K)`, 4);
      f.stmt("END DO", 2);
    }
    f.stmt("U = BETA2 * A", 2);
    f.stmt("EX = EXP(-ABS(U))", 2);
    f.stmt("Y = 1.0D0 + EX", 2);
    f.stmt("IF (Y .EQ. 1.0D0) THEN", 2);
    f.stmt("SP = EX", 4);
    f.stmt("ELSE", 2);
    f.stmt("SP = LOG(Y) * EX / (Y - 1.0D0)", 4);
    f.stmt("END IF", 2);
    f.stmt("SP = MAX(U, 0.0D0) + SP", 2);
    f.stmt("IF (U .GE. 0.0D0) THEN", 2);
    f.stmt("SG = 1.0D0 / Y", 4);
    f.stmt("ELSE", 2);
    f.stmt("SG = EX / Y", 4);
    f.stmt("END IF", 2);
    f.stmt("SGP = EX / (Y * Y)", 2);
    f.stmt(`Z${l}(I) = SP * SP / (2.0D0 * BETA2 * BETA2)`, 2);
    f.stmt(`D${l}(I) = SP * SG / BETA2`, 2);
    f.stmt(`E${l}(I) = SG * SG + SP * SGP`, 2);
    f.stmt("END DO");
  }
  f.comment("value N~(x') = P(q).z_L + x'^T M x'");
  f.stmt("V = 0.0D0");
  f.stmt(`DO I = 1, ${n[L - 1]}`);
  f.stmt(`V = V + QOUT(I) * Z${L}(I)`, 2);
  f.stmt("END DO");
  f.stmt(`DO K = 1, ${d}`);
  f.stmt(`DO M = 1, ${d}`, 2);
  f.stmt(`V = V + XS(K) * MQ((K-1)*${d}+M) * XS(M)`, 4);
  f.stmt("END DO", 2);
  f.stmt("END DO");
  f.comment("reverse: ZB_l = adjoint of z_l, AB_l = ZB_l phi'(a_l)");
  f.stmt(`DO I = 1, ${n[L - 1]}`);
  f.stmt(`ZB${L}(I) = QOUT(I)`, 2);
  f.stmt(`AB${L}(I) = QOUT(I) * D${L}(I)`, 2);
  f.stmt("END DO");
  for (let l = L; l >= 2; l--) {
    const w = n[l - 1];
    const wp = n[l - 2];
    f.stmt(`DO J = 1, ${wp}`);
    f.stmt("T = 0.0D0", 2);
    f.stmt(`DO I = 1, ${w}`, 2);
    f.stmt(`T = T + P${l}((I-1)*${wp}+J) * AB${l}(I)`, 4);
    f.stmt("END DO", 2);
    f.stmt(`ZB${l - 1}(J) = T`, 2);
    f.stmt(`AB${l - 1}(J) = T * D${l - 1}(J)`, 2);
    f.stmt("END DO");
  }
  f.comment("gradient: W1^T AB_1 + sum_l S_l^T AB_l + 2 M x'");
  f.stmt(`DO K = 1, ${d}`);
  f.stmt("T = 0.0D0", 2);
  f.stmt(`DO M = 1, ${d}`, 2);
  f.stmt(`T = T + 2.0D0 * MQ((K-1)*${d}+M) * XS(M)`, 4);
  f.stmt("END DO", 2);
  f.stmt(`DO I = 1, ${n[0]}`, 2);
  f.stmt(`T = T + W1((I-1)*${d}+K) * AB1(I)`, 4);
  f.stmt("END DO", 2);
  for (let l = 2; l <= L; l++) {
    f.stmt(`DO I = 1, ${n[l - 1]}`, 2);
    f.stmt(`T = T + S${l}((I-1)*${d}+K) * AB${l}(I)`, 4);
    f.stmt("END DO", 2);
  }
  f.stmt("G(K) = T", 2);
  f.stmt("END DO");
  f.stmt("IF (.NOT. WANTH) RETURN");
  f.comment("tangent passes v = e_IC (T = da/dv, V = dz/dv), each followed by");
  f.comment("a reverse pass to x: R_l = ZB_l phi''(a_l) T_l + (P_(l+1)^T R_(l+1))");
  f.comment("phi'(a_l); row IC of the Hessian = W1^T R_1 + sum S_l^T R_l + 2 M e_IC");
  f.stmt(`DO IC = 1, ${d}`);
  f.stmt(`DO I = 1, ${n[0]}`, 2);
  f.stmt(`T1(I) = W1((I-1)*${d}+IC)`, 4);
  if (L > 1) f.stmt("V1(I) = D1(I) * T1(I)", 4);
  f.stmt("END DO", 2);
  for (let l = 2; l <= L; l++) {
    const wp = n[l - 2];
    f.stmt(`DO I = 1, ${n[l - 1]}`, 2);
    f.stmt(`T = S${l}((I-1)*${d}+IC)`, 4);
    f.stmt(`DO J = 1, ${wp}`, 4);
    f.stmt(`T = T + P${l}((I-1)*${wp}+J) * V${l - 1}(J)`, 6);
    f.stmt("END DO", 4);
    f.stmt(`T${l}(I) = T`, 4);
    if (l < L) f.stmt(`V${l}(I) = D${l}(I) * T`, 4);
    f.stmt("END DO", 2);
  }
  f.stmt(`DO I = 1, ${n[L - 1]}`, 2);
  f.stmt(`R${L}(I) = ZB${L}(I) * E${L}(I) * T${L}(I)`, 4);
  f.stmt("END DO", 2);
  for (let l = L; l >= 2; l--) {
    const wp = n[l - 2];
    f.stmt(`DO J = 1, ${wp}`, 2);
    f.stmt("T = 0.0D0", 4);
    f.stmt(`DO I = 1, ${n[l - 1]}`, 4);
    f.stmt(`T = T + P${l}((I-1)*${wp}+J) * R${l}(I)`, 6);
    f.stmt("END DO", 4);
    f.stmt(`R${l - 1}(J) = ZB${l - 1}(J) * E${l - 1}(J) * T${l - 1}(J)`, 4);
    f.stmt(`R${l - 1}(J) = R${l - 1}(J) + T * D${l - 1}(J)`, 4);
    f.stmt("END DO", 2);
  }
  f.stmt(`DO M = 1, ${d}`, 2);
  f.stmt(`T = 2.0D0 * MQ((M-1)*${d}+IC)`, 4);
  f.stmt(`DO I = 1, ${n[0]}`, 4);
  f.stmt(`T = T + W1((I-1)*${d}+M) * R1(I)`, 6);
  f.stmt("END DO", 4);
  for (let l = 2; l <= L; l++) {
    f.stmt(`DO I = 1, ${n[l - 1]}`, 4);
    f.stmt(`T = T + S${l}((I-1)*${d}+M) * R${l}(I)`, 6);
    f.stmt("END DO", 4);
  }
  f.stmt("H(IC,M) = T", 4);
  f.stmt("END DO", 2);
  f.stmt("END DO");
  f.stmt("RETURN");
  f.stmt("END");
  return f.toString();
}
