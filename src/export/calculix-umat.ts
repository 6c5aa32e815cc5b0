import type { BakedNetwork } from "./baked-network.js";
import { FortranLines } from "./fortran-lines.js";
import { generateFortranNetwork } from "./fortran-network.js";
import { type Provenance, provenanceLines } from "./provenance.js";

/**
 * CalculiX's own user-material routine `umat_user` (CalculiX 2.20, umat_user.f), called for every
 * material whose name starts with USER. CalculiX passes the Lagrange strain emec(6) with TENSOR
 * shear in the order 11, 22, 33, 12, 13, 23 and expects the PK2 stress stre(6) in the same order
 * and stiff(21) = the upper triangle, column by column, of dS/dE as fourth-order tensor components
 * C_IJKL (umat_lin_iso_el.f: stiff(10) = μ = C_1212). These are exactly the entries of miann's
 * engineering-shear tangent, so the mapping is a permutation: ccx 11,22,33,12,13,23 ↔ miann
 * 1,2,3,6,5,4, and miann's shear strain is 2·emec. As CalculiX's own examples do, the residual
 * stress beta(6) (*INITIAL CONDITIONS, TYPE=STRESS) is subtracted.
 */
export function generateCalculixUmat(net: BakedNetwork, prov: Provenance, prefix: string): string {
  if (net.inputDim !== 6) throw new Error("internal: the CalculiX material needs a 3D model (d = 6)");
  const core = `${prefix}_CCXNET`.toUpperCase();
  const f = new FortranLines();
  for (const line of provenanceLines(prov)) f.comment(line);
  f.comment("CalculiX 2.20 user material: replaces src/umat_user.f; used for");
  f.comment("*MATERIAL, NAME=USER... with *USER MATERIAL, CONSTANTS=0 (or more;");
  f.comment("constants are ignored). Lagrange strain in, PK2 stress and dS/dE out.");
  f.raw(
    "      subroutine umat_user(amat,iel,iint,kode,elconloc,emec,emec0,",
    "     &        beta,xokl,voj,xkl,vj,ithermal,t1l,dtime,time,ttime,",
    "     &        icmd,ielas,mi,nstate_,xstateini,xstate,stre,stiff,",
    "     &        iorien,pgauss,orab,pnewdt,ipkon)",
  );
  f.stmt("implicit none");
  f.stmt("character*80 amat");
  f.stmt("integer ithermal(*),icmd,kode,ielas,iel,iint,nstate_,mi(*)");
  f.stmt("integer iorien,ipkon(*)");
  f.stmt("real*8 elconloc(*),stiff(21),emec(6),emec0(6),beta(6),stre(6)");
  f.stmt("real*8 vj,t1l,dtime,xkl(3,3),xokl(3,3),voj,pgauss(3)");
  f.stmt("real*8 orab(7,*),time,ttime,pnewdt");
  f.stmt("real*8 xstate(nstate_,mi(1),*),xstateini(nstate_,mi(1),*)");
  f.stmt("real*8 x(6),s(6),cm(6,6),w");
  f.stmt("integer iv(6),i,j,k");
  f.comment("iv: miann Voigt index of CalculiX component 11,22,33,12,13,23");
  f.stmt("data iv /1, 2, 3, 6, 5, 4/");
  f.stmt("if (iorien .ne. 0) then");
  f.stmt("write(*,*) '*ERROR in umat_user (miann): local orientations'", 2);
  f.stmt("write(*,*) '       are not supported; remove *ORIENTATION'", 2);
  f.stmt("call exit(201)", 2);
  f.stmt("end if");
  f.stmt("do i = 1, 6");
  f.stmt("x(iv(i)) = emec(i)", 2);
  f.stmt("if (i .gt. 3) x(iv(i)) = 2.0d0 * emec(i)", 2);
  f.stmt("end do");
  f.stmt(`call ${core}(x, w, s, cm, icmd .ne. 3)`);
  f.stmt("do i = 1, 6");
  f.stmt("stre(i) = s(iv(i)) - beta(i)", 2);
  f.stmt("end do");
  f.stmt("if (icmd .ne. 3) then");
  f.stmt("k = 0", 2);
  f.stmt("do j = 1, 6", 2);
  f.stmt("do i = 1, j", 4);
  f.stmt("k = k + 1", 6);
  f.stmt("stiff(k) = cm(iv(i), iv(j))", 6);
  f.stmt("end do", 4);
  f.stmt("end do", 2);
  f.stmt("end if");
  f.stmt("return");
  f.stmt("end");
  return `${f.toString()}${generateFortranNetwork(net, core)}`;
}
