#!/usr/bin/env bash
# Links a ccx executable with the exported user materials compiled in: $1 = the cache folder of
# build-ccx.sh, $2 = a work folder holding umat_user.f (CalculiX's own interface, materials named
# USER...) and umat.f (an Abaqus UMAT, materials named ABAQUSNL... or ABAQUS...). Writes $2/ccx_miann.
set -euo pipefail
cache="$1"
work="$2"
cd "$work"
cp "$cache/build/ccx_2.20.a" libccx_miann.a
gfortran -O2 -fallow-argument-mismatch -c umat_user.f umat.f
# replace CalculiX's placeholder members with the exported routines
ar r libccx_miann.a umat_user.o umat.o 2>/dev/null
gfortran -O2 -o ccx_miann "$cache/build/ccx_2.20.o" libccx_miann.a \
  -lspooles -lpthread -larpack -llapack -lblas -lm -lc -fopenmp
