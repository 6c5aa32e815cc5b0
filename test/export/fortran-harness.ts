/**
 * Small Fortran drivers for the generated routines: each reads N and then N input records from
 * stdin (list-directed), calls the routine and prints every output with 17 significant digits.
 */

/** drives SUBROUTINE <name>(X, W, S, C, WANTC): prints W, S(1..d), C row by row */
export function networkHarness(name: string, d: number): string {
  return `      PROGRAM NETRUN
      IMPLICIT NONE
      INTEGER N, P, K, M
      DOUBLE PRECISION X(${d}), W, S(${d}), C(${d},${d})
      READ(*,*) N
      DO P = 1, N
        READ(*,*) (X(K), K = 1, ${d})
        CALL ${name}(X, W, S, C, .TRUE.)
        WRITE(*,'(ES26.17E3)') W
        WRITE(*,'(ES26.17E3)') (S(K), K = 1, ${d})
        WRITE(*,'(ES26.17E3)') ((C(K,M), M = 1, ${d}), K = 1, ${d})
      END DO
      END
`;
}

/** drives UMAT: reads F row by row (9 numbers); prints STRESS(6), DDSDDE row by row, SSE */
export function umatHarness(): string {
  return `      PROGRAM UMATRUN
      IMPLICIT NONE
      CHARACTER*80 CMNAME
      INTEGER N, P, I, J
      DOUBLE PRECISION STRESS(6), STATEV(1), DDSDDE(6,6), SSE, SPD
      DOUBLE PRECISION SCD, RPL, DDSDDT(6), DRPLDE(6), DRPLDT
      DOUBLE PRECISION STRAN(6), DSTRAN(6), TIME(2), DTIME, TEMP
      DOUBLE PRECISION DTEMP, PREDEF(1), DPRED(1), PROPS(1)
      DOUBLE PRECISION COORDS(3), DROT(3,3), PNEWDT, CELENT
      DOUBLE PRECISION DFGRD0(3,3), DFGRD1(3,3)
      CMNAME = 'MIANN'
      READ(*,*) N
      DO P = 1, N
        READ(*,*) ((DFGRD1(I,J), J = 1, 3), I = 1, 3)
        PNEWDT = 1.0D0
        DO I = 1, 6
          STRESS(I) = 0.0D0
        END DO
        CALL UMAT(STRESS,STATEV,DDSDDE,SSE,SPD,SCD,RPL,DDSDDT,
     &    DRPLDE,DRPLDT,STRAN,DSTRAN,TIME,DTIME,TEMP,DTEMP,PREDEF,
     &    DPRED,CMNAME,3,3,6,0,PROPS,0,COORDS,DROT,PNEWDT,CELENT,
     &    DFGRD0,DFGRD1,1,1,1,1,1,1)
        WRITE(*,'(ES26.17E3)') (STRESS(I), I = 1, 6)
        WRITE(*,'(ES26.17E3)') ((DDSDDE(I,J), J = 1, 6), I = 1, 6)
        WRITE(*,'(ES26.17E3)') SSE
      END DO
      END
`;
}

/**
 * drives CalculiX's umat_user: each record is iorien (0 or 1), emec(6) (11,22,33,12,13,23, tensor
 * shear) and, used when iorien = 1, the local axes skl(3,3) row by row (global = skl·local·sklᵀ),
 * handed over by a stand-in for CalculiX's transformatrix; prints stre(6), stiff(21)
 */
export function calculixHarness(): string {
  return `      program ccxrun
      implicit none
      character*80 amat
      integer n, p, i, j, iorien, ithermal(1), mi(2), ipkon(1)
      real*8 elconloc(1), stiff(21), emec(6), emec0(6), beta(6)
      real*8 stre(6), xokl(3,3), voj, xkl(3,3), vj, t1l, dtime
      real*8 time, ttime, pgauss(3), orab(7,1), pnewdt
      real*8 xstate(1,1,1), xstateini(1,1,1), axes(3,3)
      common /testax/ axes
      amat = 'MIANN'
      mi(1) = 1
      mi(2) = 3
      do i = 1, 6
        beta(i) = 0.0d0
      end do
      read(*,*) n
      do p = 1, n
        read(*,*) iorien, (emec(i), i = 1, 6),
     &    ((axes(i,j), j = 1, 3), i = 1, 3)
        call umat_user(amat,1,1,-100,elconloc,emec,emec0,beta,xokl,
     &    voj,xkl,vj,ithermal,t1l,dtime,time,ttime,0,0,mi,1,
     &    xstateini,xstate,stre,stiff,iorien,pgauss,orab,pnewdt,ipkon)
        write(*,'(ES26.17E3)') (stre(i), i = 1, 6)
        write(*,'(ES26.17E3)') (stiff(i), i = 1, 21)
      end do
      end
      subroutine transformatrix(xab, p, a)
      implicit none
      real*8 xab(7), p(3), a(3,3), axes(3,3)
      integer i, j
      common /testax/ axes
      do i = 1, 3
        do j = 1, 3
          a(i,j) = axes(i,j)
        end do
      end do
      end
`;
}
