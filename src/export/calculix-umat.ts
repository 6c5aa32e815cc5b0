import type { BakedNetwork } from "./baked-network.js";
import { FortranLines } from "./fortran-lines.js";
import { type FortranWrapper, generateFortranNetwork } from "./fortran-network.js";
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
 * With *ORIENTATION, CalculiX's transformatrix gives the local axes skl (global = skl·local·sklᵀ):
 * the strain is rotated into the material axes, stress and stiffness back to global components.
 */
export function generateCalculixUmat(
  net: BakedNetwork,
  prov: Provenance,
  prefix: string,
  wrapper?: FortranWrapper,
): string {
  if (!wrapper && net.inputDim !== 6)
    throw new Error("internal: the CalculiX material needs a 3D model (d = 6)");
  const core = `${prefix}_CCXNET`.toUpperCase();
  const f = new FortranLines();
  for (const line of provenanceLines(prov)) f.comment(line);
  f.comment("CalculiX 2.20 user material: replaces src/umat_user.f; used for");
  f.comment("*MATERIAL, NAME=USER... with *USER MATERIAL, CONSTANTS=0 (or more;");
  f.comment("constants are ignored). Lagrange strain in, PK2 stress and dS/dE out.");
  f.comment("*ORIENTATION: the network's axes are the local material axes.");
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
  f.stmt("real*8 x(6),s(6),cm(6,6),w,skl(3,3),eg(3,3),el(3,3),sl(3,3)");
  f.stmt("real*8 t");
  f.stmt("integer iv(3,3),ia(6),ja(6),i,j,k,l,m,n,ii,jj,kk,ll");
  f.comment("iv: miann Voigt index of tensor pair (i,j): 11,22,33,23,13,12");
  f.stmt("data iv /1, 6, 5, 6, 2, 4, 5, 4, 3/");
  f.comment("ia, ja: tensor pair of CalculiX component 11,22,33,12,13,23");
  f.stmt("data ia /1, 2, 3, 1, 1, 2/");
  f.stmt("data ja /1, 2, 3, 2, 3, 3/");
  f.comment("skl: local material axes (columns) in global components, identity");
  f.comment("without *ORIENTATION; tensors: local = skl^T global skl");
  f.stmt("do i = 1, 3");
  f.stmt("do j = 1, 3", 2);
  f.stmt("skl(i,j) = 0.0d0", 4);
  f.stmt("end do", 2);
  f.stmt("skl(i,i) = 1.0d0", 2);
  f.stmt("end do");
  f.stmt("if (iorien .ne. 0) then");
  f.stmt("call transformatrix(orab(1,iorien),pgauss,skl)", 2);
  f.stmt("end if");
  f.stmt("do m = 1, 6");
  f.stmt("eg(ia(m),ja(m)) = emec(m)", 2);
  f.stmt("eg(ja(m),ia(m)) = emec(m)", 2);
  f.stmt("end do");
  f.stmt("do i = 1, 3");
  f.stmt("do j = 1, 3", 2);
  f.stmt("t = 0.0d0", 4);
  f.stmt("do k = 1, 3", 4);
  f.stmt("do l = 1, 3", 6);
  f.stmt("t = t + skl(k,i) * eg(k,l) * skl(l,j)", 8);
  f.stmt("end do", 6);
  f.stmt("end do", 4);
  f.stmt("el(i,j) = t", 4);
  f.stmt("end do", 2);
  f.stmt("end do");
  f.comment("miann's Voigt strain: engineering shear");
  f.stmt("x(1) = el(1,1)");
  f.stmt("x(2) = el(2,2)");
  f.stmt("x(3) = el(3,3)");
  f.stmt("x(4) = el(2,3) + el(3,2)");
  f.stmt("x(5) = el(1,3) + el(3,1)");
  f.stmt("x(6) = el(1,2) + el(2,1)");
  f.stmt(`call ${core}(x, w, s, cm, icmd .ne. 3)`);
  f.comment("PK2 stress back to global components: skl S skl^T");
  f.stmt("do i = 1, 3");
  f.stmt("do j = 1, 3", 2);
  f.stmt("sl(i,j) = s(iv(i,j))", 4);
  f.stmt("end do", 2);
  f.stmt("end do");
  f.stmt("do m = 1, 6");
  f.stmt("t = 0.0d0", 2);
  f.stmt("do k = 1, 3", 2);
  f.stmt("do l = 1, 3", 4);
  f.stmt("t = t + skl(ia(m),k) * sl(k,l) * skl(ja(m),l)", 6);
  f.stmt("end do", 4);
  f.stmt("end do", 2);
  f.stmt("stre(m) = t - beta(m)", 2);
  f.stmt("end do");
  f.stmt("if (icmd .eq. 3) return");
  f.comment("stiff: upper triangle of C_ijkl (global), column by column;");
  f.comment("C_IJKL (local) = miann's tangent entry cm(iv(I,J), iv(K,L))");
  f.stmt("k = 0");
  f.stmt("do n = 1, 6");
  f.stmt("do m = 1, n", 2);
  f.stmt("k = k + 1", 4);
  f.stmt("if (iorien .eq. 0) then", 4);
  f.stmt("stiff(k) = cm(iv(ia(m),ja(m)), iv(ia(n),ja(n)))", 6);
  f.stmt("else", 4);
  f.stmt("t = 0.0d0", 6);
  f.stmt("do ii = 1, 3", 6);
  f.stmt("do jj = 1, 3", 8);
  f.stmt("do kk = 1, 3", 10);
  f.stmt("do ll = 1, 3", 12);
  f.stmt("t = t + skl(ia(m),ii) * skl(ja(m),jj)", 14);
  f.raw("     &                   * skl(ia(n),kk) * skl(ja(n),ll)");
  f.raw("     &                   * cm(iv(ii,jj), iv(kk,ll))");
  f.stmt("end do", 12);
  f.stmt("end do", 10);
  f.stmt("end do", 8);
  f.stmt("end do", 6);
  f.stmt("stiff(k) = t", 6);
  f.stmt("end if", 4);
  f.stmt("end do", 2);
  f.stmt("end do");
  f.stmt("return");
  f.stmt("end");
  return `${f.toString()}${generateFortranNetwork(net, core, wrapper)}`;
}
