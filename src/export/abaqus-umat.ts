import type { BakedNetwork } from "./baked-network.js";
import { FortranLines } from "./fortran-lines.js";
import { type FortranWrapper, generateFortranNetwork } from "./fortran-network.js";
import { type Provenance, provenanceLines } from "./provenance.js";

/**
 * An Abaqus/Standard UMAT (fixed-form Fortran, FORTRAN 77 layout, IMPLICIT NONE, REAL*8) for 3D
 * solids with NLGEOM. Per call, with F = DFGRD1 and J = det F:
 *   E = ½(FᵀF − I) → miann's Voigt x = [E11, E22, E33, 2E23, 2E13, 2E12] → S, ℂ = dS/dE, W;
 *   τ = F S Fᵀ, STRESS = σ = τ/J in Abaqus order 11, 22, 33, 12, 13, 23;
 *   DDSDDE = (1/J)[F_iI F_jJ F_kK F_lL ℂ_IJKL + ½(δ_ik τ_jl + τ_ik δ_jl + δ_il τ_jk + τ_il δ_jk)],
 * the Jaumann rate of Kirchhoff stress over J that Abaqus expects, with engineering shear on the
 * strain side. With engineering-shear Voigt on the strain and tensor shear on the stress side,
 * ℂ_IJKL equals miann's tangent entry C[v(IJ), v(KL)] directly. SSE = W (per reference volume).
 */
export function generateAbaqusUmat(
  net: BakedNetwork,
  prov: Provenance,
  prefix: string,
  wrapper?: FortranWrapper,
): string {
  if (!wrapper && net.inputDim !== 6) throw new Error("internal: the UMAT needs a 3D model (d = 6)");
  const core = `${prefix}_UMATNET`.toUpperCase();
  const f = new FortranLines();
  for (const line of provenanceLines(prov)) f.comment(line);
  f.comment("Abaqus/Standard UMAT for 3D continuum elements with NLGEOM=YES.");
  f.comment("Assumes NTENS = 6; PROPS and STATEV are not used; no *ORIENTATION.");
  f.comment("STRESS: Cauchy, order 11,22,33,12,13,23; DDSDDE: Jaumann rate of");
  f.comment("Kirchhoff stress / J, engineering shear strain.");
  f.raw(
    "      SUBROUTINE UMAT(STRESS,STATEV,DDSDDE,SSE,SPD,SCD,",
    "     &  RPL,DDSDDT,DRPLDE,DRPLDT,",
    "     &  STRAN,DSTRAN,TIME,DTIME,TEMP,DTEMP,PREDEF,DPRED,CMNAME,",
    "     &  NDI,NSHR,NTENS,NSTATV,PROPS,NPROPS,COORDS,DROT,PNEWDT,",
    "     &  CELENT,DFGRD0,DFGRD1,NOEL,NPT,LAYER,KSPT,KSTEP,KINC)",
  );
  f.stmt("IMPLICIT NONE");
  f.stmt("CHARACTER*80 CMNAME");
  f.stmt("INTEGER NDI, NSHR, NTENS, NSTATV, NPROPS, NOEL, NPT, LAYER");
  f.stmt("INTEGER KSPT, KSTEP, KINC");
  f.stmt("DOUBLE PRECISION STRESS(NTENS), STATEV(*), DDSDDE(NTENS,NTENS)");
  f.stmt("DOUBLE PRECISION SSE, SPD, SCD, RPL, DDSDDT(*), DRPLDE(*)");
  f.stmt("DOUBLE PRECISION DRPLDT, STRAN(*), DSTRAN(*), TIME(2), DTIME");
  f.stmt("DOUBLE PRECISION TEMP, DTEMP, PREDEF(*), DPRED(*), PROPS(*)");
  f.stmt("DOUBLE PRECISION COORDS(3), DROT(3,3), PNEWDT, CELENT");
  f.stmt("DOUBLE PRECISION DFGRD0(3,3), DFGRD1(3,3)");
  f.stmt("DOUBLE PRECISION X(6), S(6), CM(6,6), W, SM(3,3), TAU(3,3)");
  f.stmt("DOUBLE PRECISION HT(6,3,3), DJ, T, DL(3,3)");
  f.stmt("INTEGER IV(3,3), IA(6), JA(6), I, J, K, L, M, N, IP, JP");
  f.comment("IV: miann Voigt index of tensor pair (I,J): 11,22,33,23,13,12");
  f.stmt("DATA IV /1, 6, 5, 6, 2, 4, 5, 4, 3/");
  f.comment("IA, JA: tensor pair of Abaqus component 11,22,33,12,13,23");
  f.stmt("DATA IA /1, 2, 3, 1, 1, 2/");
  f.stmt("DATA JA /1, 2, 3, 2, 3, 3/");
  f.stmt("DATA DL /1.0D0, 0.0D0, 0.0D0, 0.0D0, 1.0D0, 0.0D0,");
  f.raw("     &  0.0D0, 0.0D0, 1.0D0/");
  f.stmt("IF (NTENS .NE. 6) THEN");
  f.stmt("WRITE(*,*) 'miann UMAT: needs 3D elements (NTENS = 6)'", 2);
  f.stmt("STOP", 2);
  f.stmt("END IF");
  f.comment("Green-Lagrange strain E = (F^T F - I)/2 in miann's Voigt order");
  f.stmt("DO I = 1, 3");
  f.stmt("DO J = 1, 3", 2);
  f.stmt("T = -DL(I,J)", 4);
  f.stmt("DO K = 1, 3", 4);
  f.stmt("T = T + DFGRD1(K,I) * DFGRD1(K,J)", 6);
  f.stmt("END DO", 4);
  f.stmt("SM(I,J) = 0.5D0 * T", 4);
  f.stmt("END DO", 2);
  f.stmt("END DO");
  f.stmt("X(1) = SM(1,1)");
  f.stmt("X(2) = SM(2,2)");
  f.stmt("X(3) = SM(3,3)");
  f.stmt("X(4) = SM(2,3) + SM(3,2)");
  f.stmt("X(5) = SM(1,3) + SM(3,1)");
  f.stmt("X(6) = SM(1,2) + SM(2,1)");
  f.stmt(`CALL ${core}(X, W, S, CM, .TRUE.)`);
  f.stmt("SSE = W");
  f.comment("Kirchhoff stress tau = F S F^T");
  f.stmt("DO I = 1, 3");
  f.stmt("DO J = 1, 3", 2);
  f.stmt("SM(I,J) = S(IV(I,J))", 4);
  f.stmt("END DO", 2);
  f.stmt("END DO");
  f.stmt("DO I = 1, 3");
  f.stmt("DO J = 1, 3", 2);
  f.stmt("T = 0.0D0", 4);
  f.stmt("DO K = 1, 3", 4);
  f.stmt("DO L = 1, 3", 6);
  f.stmt("T = T + DFGRD1(I,K) * SM(K,L) * DFGRD1(J,L)", 8);
  f.stmt("END DO", 6);
  f.stmt("END DO", 4);
  f.stmt("TAU(I,J) = T", 4);
  f.stmt("END DO", 2);
  f.stmt("END DO");
  f.stmt("DJ = DFGRD1(1,1) * (DFGRD1(2,2)*DFGRD1(3,3)");
  f.raw("     &  - DFGRD1(2,3)*DFGRD1(3,2))");
  f.raw("     &  - DFGRD1(1,2) * (DFGRD1(2,1)*DFGRD1(3,3)");
  f.raw("     &  - DFGRD1(2,3)*DFGRD1(3,1))");
  f.raw("     &  + DFGRD1(1,3) * (DFGRD1(2,1)*DFGRD1(3,2)");
  f.raw("     &  - DFGRD1(2,2)*DFGRD1(3,1))");
  f.stmt("IF (DJ .LE. 0.0D0) THEN");
  f.comment("inverted element: ask Abaqus for a smaller increment");
  f.stmt("PNEWDT = 0.25D0", 2);
  f.stmt("DJ = 1.0D0", 2);
  f.stmt("END IF");
  f.stmt("DO M = 1, 6");
  f.stmt("STRESS(M) = TAU(IA(M),JA(M)) / DJ", 2);
  f.stmt("END DO");
  f.comment("push forward: HT(a,K,L) = F_iI F_jJ C_IJKL, (i,j) = pair a");
  f.stmt("DO M = 1, 6");
  f.stmt("I = IA(M)", 2);
  f.stmt("J = JA(M)", 2);
  f.stmt("DO K = 1, 3", 2);
  f.stmt("DO L = 1, 3", 4);
  f.stmt("T = 0.0D0", 6);
  f.stmt("DO IP = 1, 3", 6);
  f.stmt("DO JP = 1, 3", 8);
  f.stmt("T = T + DFGRD1(I,IP) * DFGRD1(J,JP)", 10);
  f.raw("     &            * CM(IV(IP,JP),IV(K,L))");
  f.stmt("END DO", 8);
  f.stmt("END DO", 6);
  f.stmt("HT(M,K,L) = T", 6);
  f.stmt("END DO", 4);
  f.stmt("END DO", 2);
  f.stmt("END DO");
  f.comment("DDSDDE(a,b) = (HT(a,K,L) F_kK F_lL + Jaumann terms) / J");
  f.stmt("DO M = 1, 6");
  f.stmt("DO N = 1, 6", 2);
  f.stmt("I = IA(M)", 4);
  f.stmt("J = JA(M)", 4);
  f.stmt("K = IA(N)", 4);
  f.stmt("L = JA(N)", 4);
  f.stmt("T = 0.5D0 * (DL(I,K)*TAU(J,L) + TAU(I,K)*DL(J,L)", 4);
  f.raw("     &      + DL(I,L)*TAU(J,K) + TAU(I,L)*DL(J,K))");
  f.stmt("DO IP = 1, 3", 4);
  f.stmt("DO JP = 1, 3", 6);
  f.stmt("T = T + HT(M,IP,JP) * DFGRD1(K,IP) * DFGRD1(L,JP)", 8);
  f.stmt("END DO", 6);
  f.stmt("END DO", 4);
  f.stmt("DDSDDE(M,N) = T / DJ", 4);
  f.stmt("END DO", 2);
  f.stmt("END DO");
  f.stmt("RETURN");
  f.stmt("END");
  return `${f.toString()}${generateFortranNetwork(net, core, wrapper)}`;
}
